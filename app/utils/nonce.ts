import { createContext, useContext } from "react";

/** The per-response CSP nonce, provided by entry.server; the browser never needs it after load. */
export const NonceContext = createContext<string>("");
export const useNonce = () => useContext(NonceContext);
