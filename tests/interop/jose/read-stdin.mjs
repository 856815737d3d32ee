// Reads the JSON request the .NET test writes to standard input (keys and tokens never go on the command line).
export async function readRequest() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return JSON.parse(text);
}
