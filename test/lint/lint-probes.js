// Lints in-memory probe files with the project's ESLint config and prints the boundary-rule messages as JSON.
// Runs in its own process: ESLint loads eslint.config.mjs with a dynamic import, which Jest's VM does not allow.
// Like `npm run lint`, it first has Nx compute the project graph: without a cached graph the Nx rule skips itself.
const { execFileSync } = require('node:child_process');
const { resolve } = require('node:path');
const { ESLint } = require('eslint');

async function main() {
  const root = resolve(__dirname, '../..');
  const probes = JSON.parse(process.argv[2]);
  execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'show', 'projects'], { cwd: root, stdio: 'ignore' });
  const eslint = new ESLint({ cwd: root });
  const results = [];
  for (const { file, code } of probes) {
    const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
    results.push(result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message));
  }
  process.stdout.write(`\nRESULT ${JSON.stringify(results)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
