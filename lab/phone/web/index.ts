/**
 * lab/phone/web — the web phone: a page where a person dials the lab's lines, hears prompts, presses keys,
 * speaks and answers the owner's phone, and watches the workflow run (graph, PSTN timeline, variables, errors).
 *
 *   const page = await startWebPhone(lab, { port: 0 });   // page.url, page.close()
 */
export { startWebPhone, type WebPhone, type WebPhoneOptions } from './server';
export { layoutWorkflow, layersOf, transitionsOf, type Graph, type GraphNode, type GraphEdge } from './graph';
export { viewOf, pathOf, errorsOf, type ExecutionView, type StateError } from './execution';
export { timelineRow, masked, maskText, type TimelineRow } from './timeline';
