import { loopback } from './hosts';
import { copyOwnerSuite, localCopyOwnerSuite } from './suites/copy-owner-backup';

localCopyOwnerSuite();
copyOwnerSuite(loopback);
