/**
 * The SSH end-to-end suites (tests/e2e-ssh/suites) on fleet hosts instead of the loopback sshd:
 * the same suites, the same expectations, through the fleet hosts provider. Which suites run here
 * and why: docs/testing.md#the-ssh-suites-on-the-fleet.
 */
import { fleet } from '../e2e-ssh/hosts';
import { basicSuite } from '../e2e-ssh/suites/basic';
import { copyOwnerSuite } from '../e2e-ssh/suites/copy-owner-backup';
import { faultsSuite } from '../e2e-ssh/suites/faults';
import { filesSuite } from '../e2e-ssh/suites/files-check-diff';
import { kubekeyConstructsSuite } from '../e2e-ssh/suites/kubekey-constructs';

basicSuite(fleet);
filesSuite(fleet);
faultsSuite(fleet);
copyOwnerSuite(fleet);
kubekeyConstructsSuite(fleet);
