using System.CommandLine;

namespace Libsql.Auth.Cli;

/// <summary><c>keygen [--out DIR] [--force]</c>: writes jwt_key.pem and jwt_key.pub and prints the sqld setting.</summary>
internal static class KeygenCommand
{
    /// <summary>Creates the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var outOption = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for the key files (created if missing). Default: the current folder.",
            HelpName = "DIR",
        };
        var forceOption = new Option<bool>("--force") { Description = "Replace existing key files." };
        var command = new Command(
            "keygen",
            $"Generate an Ed25519 key pair: {KeyFiles.PrivateKeyName} (private, PKCS#8 PEM, mode 600) and {KeyFiles.PublicKeyName} " +
            "(public, sqld's raw form, no newline). Prints the SQLD_AUTH_JWT_KEY=... line on standard output.")
        {
            outOption,
            forceOption,
        };
        command.SetAction(LibsqlAuthCli.Guarded((parseResult, output, error) =>
        {
            var folder = parseResult.GetValue(outOption)?.FullName ?? Directory.GetCurrentDirectory();
            var force = parseResult.GetValue(forceOption);
            Directory.CreateDirectory(folder);
            var privatePath = Path.Combine(folder, KeyFiles.PrivateKeyName);
            var publicPath = Path.Combine(folder, KeyFiles.PublicKeyName);
            if (!force && (File.Exists(privatePath) || File.Exists(publicPath)))
            {
                throw new UsageException($"{(File.Exists(privatePath) ? privatePath : publicPath)} already exists; pass --force to replace the key pair.");
            }

            using var key = LibsqlSigningKey.Generate();
            var publicKey = key.PublicKey.ToBase64Url();
            KeyFiles.WriteNew(privatePath, key.ExportPem(), isPrivate: true, overwrite: force);
            KeyFiles.WriteNew(publicPath, publicKey, isPrivate: false, overwrite: force);
            error.WriteLine($"Wrote {privatePath} (private key: keep it secret, mint tokens with it) and {publicPath} (public key for sqld).");
            output.WriteLine($"SQLD_AUTH_JWT_KEY={publicKey}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
