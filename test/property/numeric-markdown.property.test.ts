// Property-based tests of the manuscript engine, numeric-markdown convention (see harness.ts).
import { propertyTest } from './harness';

propertyTest('numeric-markdown');
