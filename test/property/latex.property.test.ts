// Property-based tests of the manuscript engine, latex convention (see harness.ts).
import { propertyTest } from './harness';

propertyTest('latex');
