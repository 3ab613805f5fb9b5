/** Step Functions service limits the engine enforces (docs/aws/step-functions.md §9.8). */

/** Payload limit for inputs, outputs and results: 256 KiB of UTF-8. */
export const MAX_PAYLOAD_BYTES = 262_144;

/** One variable, and all values of one Assign together: 256 KiB (AGTK; DG). */
export const MAX_ASSIGN_BYTES = 262_144;
