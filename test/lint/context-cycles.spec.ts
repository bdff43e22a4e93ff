import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * No import loop between the context folders of libs/node/src (catalogue, delegation, reference, cases, users,
 * auth, …): a folder may use another only if that one does not use it back, directly or through others. The scan
 * reads the relative imports of every source file (specs excluded: a spec may bring contexts together, nothing
 * imports it); files at the root of src (the node module, bootstrap, the index) compose the contexts and are no
 * context themselves.
 */

const NODE_SRC = resolve(__dirname, '../../libs/node/src');

/** Folder → folders it imports, with one file that makes each edge (for the failure message). */
type ContextGraph = Map<string, Map<string, string>>;

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
    });
}

/** The context folder of a path under `root`, or null for a file at the root. */
function contextOf(root: string, path: string): string | null {
  const parts = relative(root, path).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0]! : null;
}

/** The folder graph of `root` from its files' relative imports (`extra`: more files as path → source, for probes). */
function contextGraph(root: string, extra: Readonly<Record<string, string>> = {}): ContextGraph {
  const sources = new Map<string, string>(sourceFiles(root).map((file) => [file, readFileSync(file, 'utf8')]));
  for (const [file, code] of Object.entries(extra)) sources.set(join(root, file), code);
  const graph: ContextGraph = new Map();
  for (const [file, code] of sources) {
    const from = contextOf(root, file);
    if (from === null) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    for (const match of code.matchAll(IMPORT)) {
      const to = contextOf(root, resolve(dirname(file), match[1]!));
      if (to === null || to === from) continue;
      if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, relative(root, file));
    }
  }
  return graph;
}

/** Every import loop between folders, one per strongly connected group, each as `a → b → … → a`. */
function importLoops(graph: ContextGraph): string[][] {
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  // In each group, the shortest loop through its first folder (breadth-first).
  return groups
    .map((group) => {
      const start = group[0]!;
      const previous = new Map<string, string>();
      const queue = [start];
      while (queue.length > 0) {
        const node = queue.shift()!;
        for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
          if (!group.includes(next)) continue;
          if (next === start) {
            const loop = [node];
            while (loop[0] !== start) loop.unshift(previous.get(loop[0]!)!);
            return [...loop, start];
          }
          if (!previous.has(next)) {
            previous.set(next, node);
            queue.push(next);
          }
        }
      }
      return group;
    })
    .sort((a, b) => a.join().localeCompare(b.join()));
}

/** `a → b (a/file.ts) → a (b/file.ts)`: the loop with the file that makes each step. */
function describeLoop(graph: ContextGraph, loop: readonly string[]): string {
  return loop.map((node, i) => (i === 0 ? node : `${node} (${graph.get(loop[i - 1]!)!.get(node)!})`)).join(' → ');
}

describe('import loops between the context folders of libs/node/src', () => {
  it('there are none', () => {
    const graph = contextGraph(NODE_SRC);
    expect(graph.size).toBeGreaterThan(10); // the scan found the contexts
    expect(importLoops(graph).map((loop) => describeLoop(graph, loop))).toEqual([]);
  });

  it('the context graph knows the one-way dependencies it should (a scan that reads nothing passes anything)', () => {
    const graph = contextGraph(NODE_SRC);
    expect(graph.get('delegation')?.has('catalogue')).toBe(true);
    expect(graph.get('catalogue')?.has('reference')).toBe(true);
    expect(graph.get('auth')?.has('users')).toBe(true);
  });

  it('fails naming the loop when a file creates one (probe: reference imports catalogue)', () => {
    const probe = "import { CatalogueService } from '../catalogue/catalogue.service';\nexport const probe = CatalogueService;\n";
    const graph = contextGraph(NODE_SRC, { 'reference/probe.ts': probe });
    const loops = importLoops(graph).map((loop) => describeLoop(graph, loop));
    expect(loops).toHaveLength(1);
    expect(loops[0]).toMatch(/^catalogue → reference \(catalogue\/[\w./-]+\.ts\) → catalogue \(reference\/probe\.ts\)$/);
  });

  it('finds a longer loop, re-exports and dynamic imports, and names each group once (temp tree)', () => {
    const root = mkdtempSync(join(tmpdir(), 'context-cycles-'));
    try {
      const files: Record<string, string> = {
        'a/a.ts': "export { b } from '../b/b';",
        'b/b.ts': "export const b = import('../c/c');",
        'c/c.ts': "import type { A } from '../a/a';\nimport '../d/deep/d';",
        'd/deep/d.ts': "import { x } from '../../e/e';",
        'e/e.ts': 'export const x = 1;',
        'root.ts': "import { a } from './a/a';\nimport { x } from './e/e';",
        'e/e.spec.ts': "import { a } from '../a/a';",
      };
      for (const [file, code] of Object.entries(files)) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), code);
      }
      const graph = contextGraph(root);
      expect(importLoops(graph).map((loop) => describeLoop(graph, loop))).toEqual(['a → b (a/a.ts) → c (b/b.ts) → a (c/c.ts)']);
      expect(importLoops(contextGraph(root, { 'e/back.ts': "import { d } from '../d/deep/d';" }))).toEqual([['a', 'b', 'c', 'a'], ['d', 'e', 'd']]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
