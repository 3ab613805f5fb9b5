/**
 * Errors of the Step Functions API as the AWS JSON 1.0 protocol carries them: HTTP 400 with
 * `{"__type": "<Code>", "message": "…"}`; `@aws-sdk/client-sfn` turns the code into its exception class
 * (ExecutionAlreadyExists, InvalidToken, …). Messages follow AWS's `<Title>: '<detail>'` style.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export const apiErrors = {
  stateMachineDoesNotExist: (arn: string) =>
    new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  stateMachineAlreadyExists: (arn: string) =>
    new ApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`),
  executionDoesNotExist: (arn: string) =>
    new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`),
  executionAlreadyExists: (arn: string) =>
    new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`),
  invalidArn: (arn: string) =>
    new ApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`),
  invalidName: (name: string) => new ApiError('InvalidName', `Invalid Name: '${name}'`),
  invalidExecutionInput: (detail: string) =>
    new ApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${detail}'`),
  invalidOutput: (detail: string) => new ApiError('InvalidOutput', `Invalid Output: '${detail}'`),
  invalidPageToken: () => new ApiError('InvalidToken', `Invalid Token: 'Invalid token'`),
  /** The shape of AWS's own request-validation message. */
  validation: (field: string, constraint: string, value: unknown = null) =>
    new ApiError(
      'ValidationException',
      `1 validation error detected: Value ${value === null ? 'null' : `'${String(value)}'`} at '${field}' failed to satisfy constraint: ${constraint}`,
    ),
  serialization: (detail: string) => new ApiError('SerializationException', detail),
  unknownOperation: (target: string) =>
    new ApiError('UnknownOperationException', `Unknown operation: '${target}'`),
};
