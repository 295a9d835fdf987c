/**
 * The registry of kinds kubeprop's sessions and CLI resolve a config with: every built-in kind and the
 * user-controller kind, so a config (or a trace) that names a user's controller module runs it.
 */
import { BUILTIN_KINDS } from "../model/builtin-kinds.ts";
import type { Kinds } from "../model/components/kinds.ts";
import { userControllerKind } from "./kind.ts";

export const KUBEPROP_KINDS: Kinds = BUILTIN_KINDS.with(userControllerKind());
