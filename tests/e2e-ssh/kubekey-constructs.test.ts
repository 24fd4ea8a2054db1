import { loopback } from './hosts';
import { kubekeyConstructsSuite } from './suites/kubekey-constructs';

kubekeyConstructsSuite(loopback);
