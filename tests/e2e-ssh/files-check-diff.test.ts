import { loopback } from './hosts';
import { filesSuite } from './suites/files-check-diff';

filesSuite(loopback);
