/** The names the lab gives the resources its workflows use (the CDK app gives them their own). */
export const LAB_BUCKET = 'switchboard-lab';
export const LAB_TABLE = 'switchboard-lab';
export const LAB_SCHEDULE_GROUP = 'switchboard-lab';
export const DEFAULT_OWNER_NUMBER = '+12065550100';
/** The owner's PIN in the lab (six digits, as the business line's `PinLength`); the scenarios key it. */
export const DEFAULT_OWNER_PIN = '482613';
