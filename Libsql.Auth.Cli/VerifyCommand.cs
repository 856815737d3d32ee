using System.CommandLine;

namespace Libsql.Auth.Cli;

/// <summary><c>verify --public-key KEY_OR_FILE TOKEN [--namespace NS]</c>: says what sqld would make of a token.</summary>
internal static class VerifyCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="input">Standard input, read when the token is given as <c>-</c>.</param>
    /// <returns>The command.</returns>
    public static Command Create(TextReader input)
    {
        var publicKeyOption = new Option<string>("--public-key")
        {
            Description = "The public key as sqld gets it: a file (read untrimmed, like SQLD_AUTH_JWT_KEY_FILE) or the key text itself.",
            HelpName = "KEY_OR_FILE",
            Required = true,
        };
        var namespaceOption = new Option<string>("--namespace")
        {
            Description = "The namespace to check access to.",
            HelpName = "NS",
            DefaultValueFactory = _ => "default",
        };
        var tokenArgument = new Argument<string>("TOKEN") { Description = "The token, or - to read it from standard input." };
        var command = new Command(
            "verify",
            "Check a token with sqld's rules. Prints rw or ro (exit 0), or why sqld would reject it (exit 1).")
        {
            publicKeyOption,
            namespaceOption,
            tokenArgument,
        };
        command.SetAction(LibsqlAuthCli.Guarded((parseResult, output, _) =>
        {
            var keyText = parseResult.GetRequiredValue(publicKeyOption);
            var keys = LibsqlPublicKey.ParseMany(File.Exists(keyText) ? KeyFiles.Read(keyText, "public key") : keyText);
            var @namespace = parseResult.GetRequiredValue(namespaceOption);
            if (@namespace.Length == 0)
            {
                throw new UsageException("--namespace must not be empty.");
            }

            var token = parseResult.GetRequiredValue(tokenArgument);
            if (token == "-")
            {
                token = input.ReadToEnd().TrimEnd('\r', '\n');
            }

            var result = new LibsqlTokenValidator(keys).ValidateToken(token);
            if (!result.IsValid)
            {
                output.WriteLine($"rejected: {result}");
                return ExitCodes.Rejected;
            }

            switch (result.GetAccess(@namespace))
            {
                case LibsqlAccessLevel.ReadWrite:
                    output.WriteLine("rw");
                    return ExitCodes.Success;
                case LibsqlAccessLevel.ReadOnly:
                    output.WriteLine("ro");
                    return ExitCodes.Success;
                default:
                    output.WriteLine($"rejected: the token grants nothing on namespace `{@namespace}` (sqld answers 404 \"Namespace `{@namespace}` doesn't exist\")");
                    return ExitCodes.Rejected;
            }
        }));
        return command;
    }
}
