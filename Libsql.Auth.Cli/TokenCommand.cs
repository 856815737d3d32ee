using System.CommandLine;

namespace Libsql.Auth.Cli;

/// <summary><c>token --key FILE [--read-only] [--namespace NS] [--expires-in D | --expires-at UNIX]</c>: prints a token.</summary>
internal static class TokenCommand
{
    /// <summary>Creates the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var keyOption = new Option<FileInfo>("--key")
        {
            Description = $"The private key file ({KeyFiles.PrivateKeyName} from keygen, or a base64url seed).",
            HelpName = "FILE",
            Required = true,
        };
        var readOnlyOption = new Option<bool>("--read-only") { Description = "Allow reads only (claim \"a\": \"ro\")." };
        var namespaceOption = new Option<string>("--namespace")
        {
            Description = "Restrict the token to one namespace (claim \"id\"). Default: every namespace.",
            HelpName = "NS",
        };
        var expiresInOption = new Option<string>("--expires-in")
        {
            Description = "Lifetime, e.g. 90s, 30m, 1h, 2d. Default: no expiry.",
            HelpName = "DURATION",
        };
        var expiresAtOption = new Option<long?>("--expires-at")
        {
            Description = "Expiry as Unix seconds (claim \"exp\").",
            HelpName = "UNIX",
        };
        var command = new Command("token", "Mint a token sqld accepts and print it on standard output, nothing else.")
        {
            keyOption,
            readOnlyOption,
            namespaceOption,
            expiresInOption,
            expiresAtOption,
        };
        command.SetAction(LibsqlAuthCli.Guarded((parseResult, output, _) =>
        {
            var expiresIn = parseResult.GetValue(expiresInOption);
            var expiresAt = parseResult.GetValue(expiresAtOption);
            if (expiresIn is not null && expiresAt is not null)
            {
                throw new UsageException("Give --expires-in or --expires-at, not both.");
            }

            var options = new LibsqlTokenOptions
            {
                Access = parseResult.GetValue(readOnlyOption) ? LibsqlTokenAccess.ReadOnly : LibsqlTokenAccess.ReadWrite,
                Namespace = parseResult.GetValue(namespaceOption) is { } ns
                    ? (ns.Length > 0 ? ns : throw new UsageException("--namespace must not be empty."))
                    : null,
                ExpiresIn = expiresIn is null ? null : DurationText.Parse(expiresIn),
                ExpiresAt = expiresAt is { } unix ? FromUnixSeconds(unix) : null,
            };

            var keyPath = parseResult.GetRequiredValue(keyOption).FullName;
            using var key = LibsqlSigningKey.Import(KeyFiles.Read(keyPath, "private key"));
            output.WriteLine(key.MintToken(options));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static DateTimeOffset FromUnixSeconds(long seconds)
    {
        try
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new UsageException($"--expires-at {seconds} is out of range; give Unix seconds, e.g. {DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}.");
        }
    }
}
