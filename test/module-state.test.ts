/**
 * No module-level mutable state under model/, controller/, invariants/ or properties/: what a cluster runs is its config, passed
 * in, never a registry a module keeps. A module-level binding there is never reassigned (no `let` or `var`), and a
 * module-level container (a Map, Set, array or object) is changed only while its own module loads: never from a
 * function, and never from another module (a test's or the CLI's included). The one exception is a memoized pure
 * function (model/collections/memo.ts), whose table answers exactly what the function would.
 */
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { ROOT } from "./cli-run.ts";

/** Where state must not live. */
const HELD = ["model", "controller", "invariants", "properties"];
/** Where changes to it are looked for (everything that imports those). */
const SCANNED = [...HELD, "reports", "cli", "bench", "test"];
const MUTATORS = new Set(["set", "add", "delete", "clear", "push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin"]);

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

const isHeldSource = (file: string): boolean => {
  const rel = relative(ROOT, file);
  return HELD.some((d) => rel.startsWith(`${d}/`)) && !/\.(test|test-support)\.ts$/.test(rel);
};

/** A container made at module level: `new Map()`, `[...]`, `{...}` (also behind `as`, `satisfies`, parentheses). */
function isContainer(init: ts.Expression | undefined): boolean {
  let e = init;
  while (e && (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e))) e = e.expression;
  if (!e) return false;
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression)) return ["Map", "Set", "WeakMap", "WeakSet", "Array"].includes(e.expression.text);
  return ts.isArrayLiteralExpression(e) || ts.isObjectLiteralExpression(e);
}

/** The expression a member access or element access chain starts from (`a` in `a.b[c].d`). */
function rootOf(e: ts.Expression): ts.Expression {
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
}

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

/**
 * The findings of a program: module-level `let`/`var` in held files, and changes to a held file's module-level
 * containers made from a function (anywhere) or from another module.
 */
export function moduleStateFindings(program: ts.Program, isHeld: (file: string) => boolean): Finding[] {
  const checker = program.getTypeChecker();
  const out: Finding[] = [];
  const at = (sf: ts.SourceFile, n: ts.Node, what: string) => out.push({ file: relative(ROOT, sf.fileName), line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1, what });
  /** Module-level containers of held files: symbol → the file that declares it. */
  const containers = new Map<ts.Symbol, ts.SourceFile>();
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || !isHeld(sf.fileName)) continue;
    for (const st of sf.statements) {
      if (!ts.isVariableStatement(st)) continue;
      const isConst = (st.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const d of st.declarationList.declarations) {
        if (!isConst) {
          at(sf, d, `module-level ${st.declarationList.flags & ts.NodeFlags.Let ? "let" : "var"} ${d.name.getText()}`);
          continue;
        }
        const sym = ts.isIdentifier(d.name) ? checker.getSymbolAtLocation(d.name) : undefined;
        if (sym && isContainer(d.initializer)) containers.set(sym, sf);
      }
    }
  }
  const resolve = (e: ts.Expression): ts.Symbol | undefined => {
    if (!ts.isIdentifier(e)) return undefined;
    let sym = checker.getSymbolAtLocation(e);
    if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    return sym;
  };
  /** A method the program itself declares (`op.delete` of an object of constructors), not a container's own mutator (Map#delete, Array#push), which a library's declarations hold. */
  const isOwnMethod = (name: ts.MemberName): boolean => {
    const decls = checker.getSymbolAtLocation(name)?.declarations ?? [];
    return decls.length > 0 && decls.every((d) => !d.getSourceFile().isDeclarationFile);
  };
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile) continue;
    const visit = (n: ts.Node, inFunction: boolean): void => {
      const fn = inFunction || ts.isFunctionLike(n) || ts.isClassStaticBlockDeclaration(n);
      let target: ts.Expression | undefined;
      let how = "";
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && MUTATORS.has(n.expression.name.text) && !isOwnMethod(n.expression.name)) {
        target = rootOf(n.expression.expression);
        how = `.${n.expression.name.text}(...)`;
      } else if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment && (ts.isPropertyAccessExpression(n.left) || ts.isElementAccessExpression(n.left))) {
        target = rootOf(n.left);
        how = " assigned into";
      } else if (ts.isDeleteExpression(n)) {
        target = rootOf(n.expression);
        how = " deleted from";
      }
      if (target) {
        const sym = resolve(target);
        const home = sym ? containers.get(sym) : undefined;
        if (home && (fn || home !== sf)) at(sf, n, `${target.getText()}${how}: a module-level container of ${relative(ROOT, home.fileName)} changed ${fn ? "by a function" : "by another module"}`);
      }
      ts.forEachChild(n, (c) => visit(c, fn));
    };
    visit(sf, false);
  }
  return out;
}

function programOf(files: readonly string[]): ts.Program {
  return ts.createProgram(files, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, allowImportingTsExtensions: true, noEmit: true, strict: true, skipLibCheck: true, types: [] });
}

describe("no module-level mutable state (model/, invariants/, properties/)", () => {
  it("holds: no module-level let or var, no module-level container changed after its module loaded", { timeout: 120_000 }, () => {
    const files = SCANNED.flatMap((d) => tsFiles(join(ROOT, d)));
    const findings = moduleStateFindings(programOf(files), isHeldSource).map((f) => `${f.file}:${f.line}: ${f.what}`);
    expect(findings).toEqual([]);
    expect(files.filter(isHeldSource).length).toBeGreaterThan(300);
  });

  it("catches a registry, a reassigned binding, a list another module pushes to and a memo made by hand", () => {
    const dir = join(ROOT, "test", "fixtures", "module-state");
    const findings = moduleStateFindings(programOf(tsFiles(dir)), (f) => f.endsWith("held.ts")).map((f) => `${f.file.replace(/^.*module-state\//, "")}:${f.line}: ${f.what}`);
    expect(findings).toEqual([
      "held.ts:3: module-level let count",
      "held.ts:6: registry.set(...): a module-level container of test/fixtures/module-state/held.ts changed by a function",
      "held.ts:15: cache assigned into: a module-level container of test/fixtures/module-state/held.ts changed by a function",
      "user.ts:4: LIST.push(...): a module-level container of test/fixtures/module-state/held.ts changed by another module",
    ]);
  });
});
