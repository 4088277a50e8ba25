// Property-based tests of the manuscript engine, pandoc convention (see harness.ts).
import { propertyTest } from './harness';

propertyTest('pandoc');
