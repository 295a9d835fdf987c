/**
 * The label selector lexer and recursive-descent parser, ported token for token
 * from k8s.io/apimachinery/pkg/labels/selector.go (Lexer, Parser, parse).
 *
 * Grammar (from Go's Parse doc comment):
 *
 *     <selector-syntax>         ::= <requirement> | <requirement> "," <selector-syntax>
 *     <requirement>             ::= [!] KEY [ <set-based-restriction> | <exact-match-restriction> ]
 *     <set-based-restriction>   ::= "" | <inclusion-exclusion> <value-set>
 *     <inclusion-exclusion>     ::= "in" | "notin"
 *     <value-set>               ::= "(" <values> ")"
 *     <values>                  ::= VALUE | VALUE "," <values>
 *     <exact-match-restriction> ::= ["=" | "==" | "!=" | ">" | "<"] VALUE
 *
 * The lexer works on UTF-16 code units where Go works on bytes; all the
 * characters it acts on are ASCII, and any other character is part of an
 * identifier either way, so the token stream is the same. As in Go, a NUL
 * character reads like the end of the input.
 */
import type { FieldError } from "../validation/field-error.ts";
import { compareGoStrings } from "./go-strings.ts";
import {
  binaryOperatorsList,
  FieldErrorsError,
  newRequirement,
  type Operator,
  type Requirement,
  validateLabelKey,
} from "./requirement.ts";

/** A parse failure; `detail` is the error text Go's labels.Parse returns. */
export class SelectorParseError extends Error {
  /** The selector text that failed to parse. */
  readonly selector: string;
  /** Go's error text, e.g. `unable to parse requirement: found '', expected: identifier`. */
  readonly detail: string;
  /** The field errors, when the failure was a key/value/operator validation error. */
  readonly fieldErrors: readonly FieldError[];
  constructor(selector: string, detail: string, fieldErrors: readonly FieldError[] = []) {
    super(`invalid label selector ${JSON.stringify(selector)}: ${detail}`);
    this.name = "SelectorParseError";
    this.selector = selector;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
  }
}

/** Internal: an error raised inside the parser, carrying Go's message. */
class ParseFailure {
  constructor(
    readonly message: string,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {}
}

// Token (Go's iota order; ErrorToken is 0)
const ErrorToken = 0;
const EndOfStringToken = 1;
const ClosedParToken = 2;
const CommaToken = 3;
const DoesNotExistToken = 4;
const DoubleEqualsToken = 5;
const EqualsToken = 6;
const GreaterThanToken = 7;
const IdentifierToken = 8;
const InToken = 9;
const LessThanToken = 10;
const NotEqualsToken = 11;
const NotInToken = 12;
const OpenParToken = 13;

// follows k8s.io/apimachinery/pkg/labels/selector.go (string2token)
function string2token(s: string): number {
  switch (s) {
    case ")":
      return ClosedParToken;
    case ",":
      return CommaToken;
    case "!":
      return DoesNotExistToken;
    case "==":
      return DoubleEqualsToken;
    case "=":
      return EqualsToken;
    case ">":
      return GreaterThanToken;
    case "in":
      return InToken;
    case "<":
      return LessThanToken;
    case "!=":
      return NotEqualsToken;
    case "notin":
      return NotInToken;
    case "(":
      return OpenParToken;
    default:
      return -1;
  }
}

// follows k8s.io/apimachinery/pkg/labels/selector.go (isWhitespace)
function isWhitespace(ch: number): boolean {
  return ch === 32 || ch === 9 || ch === 13 || ch === 10;
}

// follows k8s.io/apimachinery/pkg/labels/selector.go (isSpecialSymbol): = ! ( ) , > <
function isSpecialSymbol(ch: number): boolean {
  return ch === 61 || ch === 33 || ch === 40 || ch === 41 || ch === 44 || ch === 62 || ch === 60;
}

/** Go's Lexer: `read` returns 0 at the end of the input. */
// follows k8s.io/apimachinery/pkg/labels/selector.go (Lexer)
class Lexer {
  pos = 0;
  constructor(private readonly s: string) {}

  private read(): number {
    if (this.pos < this.s.length) return this.s.charCodeAt(this.pos++);
    return 0;
  }

  private unread(): void {
    this.pos--;
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (Lexer.scanIDOrKeyword)
  private scanIDOrKeyword(): [number, string] {
    const start = this.pos;
    let end = start;
    for (;;) {
      const ch = this.read();
      if (ch === 0) {
        // at the real end pos did not move; at a NUL it moved past it (as in Go)
        break;
      }
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        this.unread();
        break;
      }
      end = this.pos;
    }
    const s = this.s.slice(start, end);
    const tok = string2token(s);
    return tok >= 0 ? [tok, s] : [IdentifierToken, s];
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (Lexer.scanSpecialSymbol)
  private scanSpecialSymbol(): [number, string] {
    let lastTok = ErrorToken;
    let lastLit = "";
    let buffer = "";
    for (;;) {
      const ch = this.read();
      if (ch === 0) break;
      if (isSpecialSymbol(ch)) {
        buffer += String.fromCharCode(ch);
        const tok = string2token(buffer);
        if (tok >= 0) {
          lastTok = tok;
          lastLit = buffer;
        } else if (lastTok !== ErrorToken) {
          this.unread();
          break;
        }
      } else {
        this.unread();
        break;
      }
    }
    if (lastTok === ErrorToken) return [ErrorToken, `error expected: keyword found '${buffer}'`];
    return [lastTok, lastLit];
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (Lexer.skipWhiteSpaces)
  private skipWhiteSpaces(ch: number): number {
    while (isWhitespace(ch)) ch = this.read();
    return ch;
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (Lexer.Lex)
  lex(): [number, string] {
    const ch = this.skipWhiteSpaces(this.read());
    if (ch === 0) return [EndOfStringToken, ""];
    this.unread();
    if (isSpecialSymbol(ch)) return this.scanSpecialSymbol();
    return this.scanIDOrKeyword();
  }
}

// ParserContext
const KeyAndOperator = 0;
const Values = 1;

/** Go's Parser over the pre-scanned token list. */
// follows k8s.io/apimachinery/pkg/labels/selector.go (Parser)
class Parser {
  private readonly toks: number[] = [];
  private readonly lits: string[] = [];
  private position = 0;

  constructor(
    private readonly lexer: Lexer,
    private readonly path: string,
  ) {}

  // follows k8s.io/apimachinery/pkg/labels/selector.go (Parser.lookahead)
  private lookahead(context: number): number {
    const tok = this.toks[this.position]!;
    if (context === Values && (tok === InToken || tok === NotInToken)) return IdentifierToken;
    return tok;
  }

  private lookaheadLit(): string {
    return this.lits[this.position]!;
  }

  /** Consumes one token; its literal is then `this.lastLit`. */
  // follows k8s.io/apimachinery/pkg/labels/selector.go (Parser.consume)
  private consume(context: number): number {
    this.position++;
    const tok = this.toks[this.position - 1]!;
    if (context === Values && (tok === InToken || tok === NotInToken)) return IdentifierToken;
    return tok;
  }

  private get lastLit(): string {
    return this.lits[this.position - 1]!;
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (Parser.scan)
  private scan(): void {
    for (;;) {
      const [tok, lit] = this.lexer.lex();
      this.toks.push(tok);
      this.lits.push(lit);
      if (tok === EndOfStringToken) break;
    }
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (Parser.parse)
  parse(): Requirement[] {
    this.scan();
    const requirements: Requirement[] = [];
    for (;;) {
      const tok = this.lookahead(Values);
      const lit = this.lookaheadLit();
      switch (tok) {
        case IdentifierToken:
        case DoesNotExistToken: {
          let r: Requirement;
          try {
            r = this.parseRequirement();
          } catch (e) {
            if (e instanceof ParseFailure) {
              throw new ParseFailure(`unable to parse requirement: ${e.message}`, e.fieldErrors);
            }
            throw e;
          }
          requirements.push(r);
          const t = this.consume(Values);
          const l = this.lastLit;
          switch (t) {
            case EndOfStringToken:
              return requirements;
            case CommaToken: {
              const t2 = this.lookahead(Values);
              if (t2 !== IdentifierToken && t2 !== DoesNotExistToken) {
                throw new ParseFailure(`found '${this.lookaheadLit()}', expected: identifier after ','`);
              }
              break;
            }
            default:
              throw new ParseFailure(`found '${l}', expected: ',' or 'end of string'`);
          }
          break;
        }
        case EndOfStringToken:
          return requirements;
        default:
          throw new ParseFailure(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (Parser.parseRequirement)
  private parseRequirement(): Requirement {
    const [key, inferred] = this.parseKeyAndInferOperator();
    if (inferred === "exists" || inferred === "!") {
      return this.newRequirement(key, inferred, []);
    }
    const operator = this.parseOperator();
    let values: string[];
    switch (operator) {
      case "in":
      case "notin":
        values = this.parseValues();
        break;
      default:
        values = this.parseExactValue();
        break;
    }
    return this.newRequirement(key, operator, values);
  }

  private newRequirement(key: string, op: Operator, values: string[]): Requirement {
    try {
      return newRequirement(key, op, values, this.path);
    } catch (e) {
      if (e instanceof FieldErrorsError) throw new ParseFailure(e.message, e.errors);
      throw e;
    }
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (Parser.parseKeyAndInferOperator)
  private parseKeyAndInferOperator(): [string, Operator | ""] {
    let operator: Operator | "" = "";
    let tok = this.consume(Values);
    if (tok === DoesNotExistToken) {
      operator = "!";
      tok = this.consume(Values);
    }
    const literal = this.lastLit;
    if (tok !== IdentifierToken) {
      throw new ParseFailure(`found '${literal}', expected: identifier`);
    }
    const err = validateLabelKey(literal, this.path);
    if (err) throw new ParseFailure(new FieldErrorsError([err]).message, [err]);
    const t = this.lookahead(Values);
    if (t === EndOfStringToken || t === CommaToken) {
      if (operator !== "!") operator = "exists";
    }
    return [literal, operator];
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (Parser.parseOperator)
  private parseOperator(): Operator {
    const tok = this.consume(KeyAndOperator);
    switch (tok) {
      // DoesNotExistToken shouldn't be here because it's a unary operator, not a binary operator
      case InToken:
        return "in";
      case EqualsToken:
        return "=";
      case DoubleEqualsToken:
        return "==";
      case GreaterThanToken:
        return "gt";
      case LessThanToken:
        return "lt";
      case NotInToken:
        return "notin";
      case NotEqualsToken:
        return "!=";
      default:
        throw new ParseFailure(`found '${this.lastLit}', expected: ${binaryOperatorsList}`);
    }
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (Parser.parseValues)
  private parseValues(): string[] {
    let tok = this.consume(Values);
    if (tok !== OpenParToken) {
      throw new ParseFailure(`found '${this.lastLit}' expected: '('`);
    }
    tok = this.lookahead(Values);
    const lit = this.lookaheadLit();
    switch (tok) {
      case IdentifierToken:
      case CommaToken: {
        const s = this.parseIdentifiersList(); // handles general cases
        if (this.consume(Values) !== ClosedParToken) {
          throw new ParseFailure(`found '${lit}', expected: ')'`);
        }
        return s;
      }
      case ClosedParToken: // handles "()"
        this.consume(Values);
        return [""];
      default:
        throw new ParseFailure(`found '${lit}', expected: ',', ')' or identifier`);
    }
  }

  /** A (possibly empty) list of comma separated (possibly empty) identifiers, as a sorted set. */
  // follows k8s.io/apimachinery/pkg/labels/selector.go (Parser.parseIdentifiersList)
  private parseIdentifiersList(): string[] {
    const s = new Set<string>();
    for (;;) {
      const tok = this.consume(Values);
      const lit = this.lastLit;
      switch (tok) {
        case IdentifierToken: {
          s.add(lit);
          const tok2 = this.lookahead(Values);
          switch (tok2) {
            case CommaToken:
              continue;
            case ClosedParToken:
              return setList(s);
            default:
              throw new ParseFailure(`found '${this.lookaheadLit()}', expected: ',' or ')'`);
          }
        }
        case CommaToken: {
          // handled here since we can have "(,"
          if (s.size === 0) s.add(""); // to handle (,
          const tok2 = this.lookahead(Values);
          if (tok2 === ClosedParToken) {
            s.add(""); // to handle ,)
            return setList(s);
          }
          if (tok2 === CommaToken) {
            // to handle ,, — the second comma is left for the next iteration, so a
            // trailing ",,)" parses. (Current upstream; older releases consumed it
            // here and so rejected "x in (a,,)".)
            s.add("");
          }
          break;
        }
        default: // it can be operator
          throw new ParseFailure(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  // follows k8s.io/apimachinery/pkg/labels/selector.go (Parser.parseExactValue)
  private parseExactValue(): string[] {
    const tok = this.lookahead(Values);
    if (tok === EndOfStringToken || tok === CommaToken) return [""];
    const t = this.consume(Values);
    if (t === IdentifierToken) return [this.lastLit];
    throw new ParseFailure(`found '${this.lastLit}', expected: identifier`);
  }
}

/** sets.String.List(): the members, sorted. */
function setList(s: Set<string>): string[] {
  return [...s].sort(compareGoStrings);
}

/** Go's ByKey ordering. */
export function byKey(a: Requirement, b: Requirement): number {
  return compareGoStrings(a.key, b.key);
}

/**
 * Parses selector text into its requirements, sorted by key (Go's
 * ParseToRequirements). The sort is stable; Go's sort.Sort is stable too for
 * up to 12 requirements, and only the order of requirements that share a key
 * could differ beyond that.
 *
 * @param path optional field path prefix for validation errors (Go's field.WithPath).
 * @throws {SelectorParseError} on any syntax or validation error.
 */
// follows k8s.io/apimachinery/pkg/labels/selector.go (parse, ParseToRequirements)
export function parseToRequirements(selector: string, path = ""): Requirement[] {
  const p = new Parser(new Lexer(selector), path);
  let items: Requirement[];
  try {
    items = p.parse();
  } catch (e) {
    if (e instanceof ParseFailure) throw new SelectorParseError(selector, e.message, e.fieldErrors);
    throw e;
  }
  return items.sort(byKey); // sort to grant deterministic parsing
}
