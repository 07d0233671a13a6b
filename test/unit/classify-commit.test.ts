import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { classifyMessage, isTestPath, isVendoredPath } from '../../src/mine/classify-commit.js';

test('fix keywords and issue references make a candidate', () => {
  for (const message of ['Fix crash when the user has no email', 'Handle None in parser (fixes #123)', 'bugfix: wrong timeout unit', 'Prevent race in pool shutdown', 'Correct typo in error message', 'JIRA-77: session not rolled back']) {
    assert.ok(classifyMessage(message).isFix, message);
  }
  assert.ok(classifyMessage('Update parser\n\nFixes #12').weight > classifyMessage('Update parser\n\nsee #12').weight);
});

test('features, reverts, merges, bumps and style sweeps are not fixes', () => {
  for (const message of ['Add CSV export', 'Add CSV export (#45)', 'Revert "Fix crash in parser"', 'Merge branch main', 'Bump requests from 2.31 to 2.32', 'Release 2.1.0', 'Reformat code with black', 'Switch to double quotes (quote style)', '1.4.2']) {
    assert.not.ok(classifyMessage(message).isFix, message);
  }
});

test('test paths', () => {
  for (const path of ['tests/test_api.py', 'pkg/tests/helpers.py', 'src/api_test.py', 'conftest.py', 'src/app.test.ts', 'lib/x.spec.js', '__tests__/a.js', 't/integration/tasks.py']) assert.ok(isTestPath(path), path);
  for (const path of ['src/api.py', 'src/testing_utils_not.py', 'lib/contest.js', 'attestation.py', 'lib/t/x.py', 'tools/t.py']) assert.not.ok(isTestPath(path), path);
});

test('vendored copies of other projects are recognised by their folder', () => {
  for (const path of ['vendor/six.py', 'src/pkg/_vendor/attr/_make.py', 'third_party/x.js', 'node_modules/a/index.js', 'static/jquery.min.js', 'pkg/extern/lib.py', 'api/service_pb2.py', 'src/generated/types.ts', 'lib/schema.generated.js']) assert.ok(isVendoredPath(path), path);
  for (const path of ['src/vendors.py', 'lib/builder.js', 'app/distance.py', 'vendoring.py']) assert.not.ok(isVendoredPath(path), path);
});

test.run();
