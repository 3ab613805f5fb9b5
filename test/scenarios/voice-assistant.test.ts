import { scenarioSuite } from './suite';
scenarioSuite('voice-assistant');
