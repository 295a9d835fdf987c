/** Switching an admission plug-in of kube-apiserver's chain for a bug and back (the chain is module data). */
import type { AdmissionPlugin } from "../../model/apiserver/admission/types.ts";
import { ADMISSION_CHAIN } from "../../model/apiserver/admission/chain.ts";

/** Puts `plugin` in the admission chain in place of the plug-in of the same name; returns the undo. */
export function swapAdmissionPlugin(plugin: AdmissionPlugin): () => void {
  const chain = ADMISSION_CHAIN as AdmissionPlugin[];
  const at = chain.findIndex((p) => p.name === plugin.name);
  if (at < 0) throw new Error(`admission plug-in ${plugin.name} is not in the chain`);
  const saved = chain[at]!;
  chain[at] = plugin;
  return () => {
    const i = chain.indexOf(plugin);
    if (i >= 0) chain[i] = saved;
  };
}
