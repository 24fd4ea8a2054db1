import { loopback } from './hosts';
import { basicSuite } from './suites/basic';

basicSuite(loopback);
