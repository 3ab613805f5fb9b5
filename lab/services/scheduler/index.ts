/** The lab's EventBridge Scheduler provider. */
export { createSchedulerProvider, type SchedulerProvider, type SchedulerProviderOptions } from './provider';
export type { ScheduleView } from './schedules';
export { parseScheduleExpression, zonedTimeToEpoch, type ScheduleExpression } from './expression';
