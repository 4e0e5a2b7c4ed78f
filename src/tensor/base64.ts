// Base64 of bytes and back, with what every JavaScript runtime has (atob, btoa): no Node Buffer, so a browser reads
// and writes model files and loads the WebAssembly kernels too.

// Bytes turned into characters at a time: String.fromCharCode's arguments, well under any engine's limit.
const CHARS_PER_CALL = 1 << 13;

/** Standard base64 (with padding) of `bytes`. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHARS_PER_CALL) binary += String.fromCharCode(...bytes.subarray(i, i + CHARS_PER_CALL));
  return btoa(binary);
}

/** The bytes standard base64 text encodes (the caller has checked the text). */
export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
