import { loopback } from './hosts';
import { faultsSuite } from './suites/faults';

faultsSuite(loopback);
