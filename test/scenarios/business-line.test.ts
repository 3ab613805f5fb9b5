import { scenarioSuite } from './suite';

scenarioSuite('business-line');
