using System.CommandLine;

namespace Libsql.Auth.Cli;

/// <summary>The <c>libsql-auth</c> command line: <c>keygen</c>, <c>token</c> and <c>verify</c>.</summary>
internal static class LibsqlAuthCli
{
    /// <summary>Runs the tool.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="input">Standard input (<c>verify</c> reads the token from it when given <c>-</c>).</param>
    /// <param name="output">Standard output: only the result (a key line, a token, a verdict).</param>
    /// <param name="error">Standard error: notes and error messages.</param>
    /// <returns>The exit code, see <see cref="ExitCodes"/>.</returns>
    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = new RootCommand("Ed25519 keys and JWTs for libSQL's server (sqld): generate a key pair, mint tokens, check them as sqld would.")
        {
            KeygenCommand.Create(),
            TokenCommand.Create(),
            VerifyCommand.Create(input),
        };

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                error.WriteLine($"libsql-auth: {parseError.Message}");
            }

            error.WriteLine("Run 'libsql-auth --help' for usage.");
            return ExitCodes.BadInput;
        }

        return parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>
    /// Wraps a command's body so that input the user can fix (a bad key, a missing file) ends with its message on
    /// standard error and exit code 2 instead of a stack trace.
    /// </summary>
    /// <param name="body">The command body; gets the parse result, standard output and standard error.</param>
    /// <returns>The action to register with <see cref="Command.SetAction(Func{ParseResult, int})"/>.</returns>
    public static Func<ParseResult, int> Guarded(Func<ParseResult, TextWriter, TextWriter, int> body) => parseResult =>
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return body(parseResult, output, error);
        }
        catch (Exception e) when (e is UsageException or LibsqlKeyFormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"libsql-auth: {e.Message}");
            return ExitCodes.BadInput;
        }
    };
}
