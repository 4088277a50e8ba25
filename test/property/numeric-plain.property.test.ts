// Property-based tests of the manuscript engine, numeric-plain convention (see harness.ts).
import { propertyTest } from './harness';

propertyTest('numeric-plain');
