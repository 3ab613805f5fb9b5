/** The names the lab gives the resources its workflows use (the CDK app gives them their own). */
export const LAB_BUCKET = 'switchboard-lab';
export const LAB_TABLE = 'switchboard-lab';
export const LAB_SCHEDULE_GROUP = 'switchboard-lab';
export const DEFAULT_OWNER_NUMBER = '+12065550100';
/** Where the lab's owner is emailed (a verified identity of the lab's SES). */
export const DEFAULT_OWNER_EMAIL = 'owner@harbor-street.example';
/** Stands in for the stack's KMS key in `${CallDataKeyArn}` (the lab's S3 notes it, does not encrypt with it). */
export const LAB_KEY_ARN = 'arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-00000000a11b';
/** The owner's PIN in the lab (six digits, as the business line's `PinLength`); the scenarios key it. */
export const DEFAULT_OWNER_PIN = '482613';
