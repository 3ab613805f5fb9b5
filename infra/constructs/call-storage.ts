import { existsSync, readdirSync } from 'node:fs';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledge, BASIC_EXECUTION_ROLE_FINDING } from '../nag';

/** Where things live in the bucket. Workflows write every recording (voicemail, questions) under `recordings/`. */
export const BUCKET_PREFIX = { audio: 'audio/', prompts: 'prompts/', recordings: 'recordings/' } as const;

export interface CallStorageProps {
  /** Key for the table. */
  readonly encryptionKey: kms.IKey;
  /** Delete the table and the bucket (with its objects) when the stack is deleted. @default false: keep them */
  readonly destroyData?: boolean;
  /** @default 90 */
  readonly recordingRetentionDays?: number;
  /** Deployed to `prompts/` when it has files. @default no prompts */
  readonly promptsDir?: string;
  /** Deployed to `audio/` (WAV files, served as audio/wav) when it has files. @default no audio */
  readonly audioDir?: string;
  /** @default 'pk' */
  readonly partitionKey?: string;
  /** @default 'sk' */
  readonly sortKey?: string;
  /** Items whose numeric attribute of this name (epoch seconds) has passed are deleted. @default 'expiresAt' */
  readonly timeToLiveAttribute?: string;
}

/** The call data: one bucket (prompts, audio, recordings) and one table (voicemail index, call state). */
export class CallStorage extends Construct {
  readonly bucket: s3.Bucket;
  readonly table: dynamodb.Table;
  private readonly destroyData: boolean;
  private readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: CallStorageProps) {
    super(scope, id);
    this.destroyData = props.destroyData ?? false;
    this.encryptionKey = props.encryptionKey;
    const removalPolicy = this.destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    // S3-managed keys: PSTN audio writes recordings as the voice connector service, which cannot use our KMS key.
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
      autoDeleteObjects: props.destroyData ?? false,
      lifecycleRules: [
        {
          id: 'recordings-retention',
          prefix: BUCKET_PREFIX.recordings,
          expiration: Duration.days(props.recordingRetentionDays ?? 90),
        },
        {
          // a voicemail's words live as long as its recording
          id: 'transcripts-retention',
          prefix: 'transcripts/',
          expiration: Duration.days(props.recordingRetentionDays ?? 90),
        },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    acknowledge(
      this.bucket,
      'Access to call media is recorded by CloudTrail data events when the account enables them; a second bucket for ' +
        'server access logs would hold callers numbers in plain log lines.',
      'AwsSolutions-S1',
    );

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: props.partitionKey ?? 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: props.sortKey ?? 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      timeToLiveAttribute: props.timeToLiveAttribute ?? 'expiresAt',
      removalPolicy,
    });

    this.deploy('Prompts', props.promptsDir, BUCKET_PREFIX.prompts);
    this.deploy('Audio', props.audioDir, BUCKET_PREFIX.audio, 'audio/wav');
  }

  /**
   * Let PSTN audio (the voice connector service) play `audio/` and `recordings/` and write `recordings/`, only on
   * behalf of this account's SIP media application (confused-deputy protection).
   */
  allowVoiceConnector(sipMediaApplicationArn: string): void {
    const conditions = {
      StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      ArnLike: { 'aws:SourceArn': sipMediaApplicationArn },
    };
    const principals = [new iam.ServicePrincipal('voiceconnector.chime.amazonaws.com')];
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'PstnAudioPlays',
        principals,
        actions: ['s3:GetObject'],
        resources: [this.objects(BUCKET_PREFIX.audio), this.objects(BUCKET_PREFIX.recordings)],
        conditions,
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'PstnAudioRecords',
        principals,
        actions: ['s3:PutObject', 's3:PutObjectAcl'],
        resources: [this.objects(BUCKET_PREFIX.recordings)],
        conditions,
      }),
    );
  }

  /** Read and write call data in the table (no scans, no table management), and use its key for that. */
  grantCallData(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
      ],
      resourceArns: [this.table.tableArn],
    });
    // the table's key, only through DynamoDB (not to decrypt or encrypt anything else with it)
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [this.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
  }

  /** What a workflow does with the bucket: read audio, prompts and recordings; delete recordings. */
  grantWorkflowAccess(grantee: iam.IGrantable): void {
    this.grantObjects(
      grantee,
      ['s3:GetObject'],
      BUCKET_PREFIX.audio,
      BUCKET_PREFIX.prompts,
      BUCKET_PREFIX.recordings,
    );
    this.grantObjects(grantee, ['s3:DeleteObject'], BUCKET_PREFIX.recordings);
  }

  /**
   * Transcribe batch output: write and read `transcripts/` (Transcribe writes with the caller's permissions),
   * and read the recordings it transcribes.
   */
  grantTranscripts(grantee: iam.IGrantable): void {
    this.grantObjects(grantee, ['s3:PutObject', 's3:GetObject'], 'transcripts/');
    this.grantObjects(grantee, ['s3:GetObject'], BUCKET_PREFIX.recordings);
  }

  /** Delete transcripts (the owner deletes a message: its words go with it). */
  grantDeleteTranscripts(grantee: iam.IGrantable): void {
    this.grantObjects(grantee, ['s3:DeleteObject'], 'transcripts/');
  }

  /** List one call's recordings (was a message left?): s3:ListBucket limited to the recordings prefix. */
  grantListRecordings(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [this.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${BUCKET_PREFIX.recordings}*`] } },
    });
  }

  /** Read recordings (transcription). */
  grantReadRecordings(grantee: iam.IGrantable): void {
    this.grantObjects(grantee, ['s3:GetObject'], BUCKET_PREFIX.recordings);
  }

  /** Invoke `fn` for every object created under `prefix` (a recording landing in S3). */
  notifyOnRecording(prefix: string, fn: lambda.IFunction): void {
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn), { prefix });
    const handler = Stack.of(this).node.children.find((c) =>
      c.node.id.startsWith('BucketNotificationsHandler'),
    );
    if (handler) {
      acknowledge(
        handler,
        'aws-cdk-lib BucketNotificationsHandler: sets the bucket notification at deploy time; its role uses the AWS ' +
          'managed basic execution role for its own logs.',
        BASIC_EXECUTION_ROLE_FINDING,
      );
    }
  }

  /** Read the prompts. */
  grantReadPrompts(grantee: iam.IGrantable): void {
    this.grantObjects(grantee, ['s3:GetObject'], BUCKET_PREFIX.prompts);
  }

  /** The IAM5 findings a grant on these prefixes raises, for acknowledging them where they are granted. */
  prefixFindings(...prefixes: string[]): string[] {
    const logicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    return prefixes.map((prefix) => `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${prefix}*]`);
  }

  private grantObjects(grantee: iam.IGrantable, actions: string[], ...prefixes: string[]): void {
    iam.Grant.addToPrincipal({ grantee, actions, resourceArns: prefixes.map((p) => this.objects(p)) });
  }

  private objects(prefix: string): string {
    return this.bucket.arnForObjects(`${prefix}*`);
  }

  private deploy(id: string, dir: string | undefined, prefix: string, contentType?: string): void {
    if (!dir || !existsSync(dir) || readdirSync(dir).length === 0) return;
    new s3deploy.BucketDeployment(this, id, {
      sources: [s3deploy.Source.asset(dir)],
      destinationBucket: this.bucket,
      destinationKeyPrefix: prefix,
      contentType,
      // Keep what the workflows wrote; only replace what the repo ships.
      prune: false,
      retainOnDelete: !this.destroyData,
    });
    this.acknowledgeDeploymentHandler();
  }

  /** BucketDeployment's handler is one aws-cdk-lib function per stack, shared by every deployment. */
  private acknowledgeDeploymentHandler(): void {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) return;
    const bucketId = stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    acknowledge(
      handler,
      'aws-cdk-lib BucketDeployment handler: copies the repo prompts and audio from the CDK asset bucket into our ' +
        'bucket at deploy time; its role, runtime and wildcards are set by aws-cdk-lib.',
      BASIC_EXECUTION_ROLE_FINDING,
      'AwsSolutions-IAM5[Action::s3:GetObject*]',
      'AwsSolutions-IAM5[Action::s3:GetBucket*]',
      'AwsSolutions-IAM5[Action::s3:List*]',
      'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      'AwsSolutions-IAM5[Action::s3:Abort*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      'AwsSolutions-L1',
    );
  }
}
