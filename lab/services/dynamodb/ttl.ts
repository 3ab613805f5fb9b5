/** UpdateTimeToLive and DescribeTimeToLive, which dynalite lacks. Expired items are not removed (AWS removes
 * them "within a few days"; until then reads still return them, so keeping them is faithful). */
import type { EdgeReply, EdgeRequest } from '../edge';

/** Table name → the TTL attribute, for tables with TTL enabled. */
export type TimeToLiveSettings = Map<string, string>;

const JSON_TYPE = { 'content-type': 'application/x-amz-json-1.0' };

export async function timeToLive(
  operation: 'UpdateTimeToLive' | 'DescribeTimeToLive',
  req: EdgeRequest,
  settings: TimeToLiveSettings,
  send: (req: EdgeRequest) => Promise<EdgeReply>,
): Promise<EdgeReply> {
  let input: {
    TableName?: unknown;
    TimeToLiveSpecification?: { AttributeName?: unknown; Enabled?: unknown };
  };
  try {
    input = JSON.parse(req.body.toString('utf8')) as typeof input;
  } catch {
    return validation('SerializationException', 'Start of structure or map found where not expected.');
  }
  if (typeof input.TableName !== 'string' || input.TableName === '') {
    return validation(
      'ValidationException',
      "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
    );
  }
  const table = input.TableName;
  // the table must exist: ask dynalite, and pass on its ResourceNotFoundException as it is
  const described = await send({
    ...req,
    headers: { ...req.headers, 'x-amz-target': 'DynamoDB_20120810.DescribeTable' },
    body: Buffer.from(JSON.stringify({ TableName: table }), 'utf8'),
  });
  if (described.status !== 200) return described;

  if (operation === 'DescribeTimeToLive') {
    const attribute = settings.get(table);
    const TimeToLiveDescription = attribute
      ? { TimeToLiveStatus: 'ENABLED', AttributeName: attribute }
      : { TimeToLiveStatus: 'DISABLED' };
    return { status: 200, headers: JSON_TYPE, body: { TimeToLiveDescription } };
  }
  const spec = input.TimeToLiveSpecification;
  if (
    !spec ||
    typeof spec.AttributeName !== 'string' ||
    spec.AttributeName === '' ||
    typeof spec.Enabled !== 'boolean'
  ) {
    return validation(
      'ValidationException',
      'TimeToLiveSpecification needs AttributeName (a non-empty string) and Enabled (true or false)',
    );
  }
  const current = settings.get(table);
  if (spec.Enabled && current) return validation('ValidationException', 'TimeToLive is already enabled');
  if (!spec.Enabled && !current) return validation('ValidationException', 'TimeToLive is already disabled');
  if (!spec.Enabled && current !== spec.AttributeName) {
    return validation(
      'ValidationException',
      `TimeToLive is enabled on attribute ${current}, not ${spec.AttributeName}`,
    );
  }
  if (spec.Enabled) settings.set(table, spec.AttributeName);
  else settings.delete(table);
  return {
    status: 200,
    headers: JSON_TYPE,
    body: { TimeToLiveSpecification: { AttributeName: spec.AttributeName, Enabled: spec.Enabled } },
  };
}

function validation(type: string, message: string): EdgeReply {
  return {
    status: 400,
    headers: { ...JSON_TYPE, 'x-amzn-errortype': type },
    body: {
      __type: `com.amazon.coral.${type === 'SerializationException' ? 'service' : 'validate'}#${type}`,
      message,
    },
  };
}
