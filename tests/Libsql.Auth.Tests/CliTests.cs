using System.Diagnostics;
using System.Text.Json;
using Libsql.Auth.Cli;

namespace Libsql.Auth.Tests;

/// <summary>libsql-auth end to end in a temp folder, in process (fast) and once as the real executable.</summary>
public sealed class CliTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("libsql-auth-tests-");

    private string PrivateKeyPath => Path.Combine(_folder.FullName, "jwt_key.pem");

    private string PublicKeyPath => Path.Combine(_folder.FullName, "jwt_key.pub");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Keygen_token_verify_end_to_end()
    {
        var keygen = Run("keygen", "--out", _folder.FullName);
        Assert.True(keygen.ExitCode == 0, keygen.Error);
        var publicKey = File.ReadAllText(PublicKeyPath);
        Assert.Equal($"SQLD_AUTH_JWT_KEY={publicKey}{Environment.NewLine}", keygen.Output);
        Assert.Contains("keep it secret", keygen.Error, StringComparison.Ordinal);

        var token = Run("token", "--key", PrivateKeyPath);
        Assert.Equal(0, token.ExitCode);
        Assert.Equal("", token.Error);
        Assert.Single(token.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));

        var verify = Run("verify", "--public-key", PublicKeyPath, token.Output.Trim());
        Assert.Equal((0, "rw" + Environment.NewLine), (verify.ExitCode, verify.Output));
    }

    [Fact]
    public void Keygen_writes_sqlds_raw_public_key_without_a_newline_and_a_private_pem()
    {
        Assert.Equal(0, Run("keygen", "--out", _folder.FullName).ExitCode);

        var publicBytes = File.ReadAllBytes(PublicKeyPath);
        using var signingKey = LibsqlSigningKey.Import(File.ReadAllText(PrivateKeyPath));

        Assert.Equal(43, publicBytes.Length);
        Assert.NotEqual((byte)'\n', publicBytes[^1]);
        Assert.Equal(signingKey.PublicKey, LibsqlPublicKey.Parse(File.ReadAllText(PublicKeyPath)));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(PrivateKeyPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Private_key_file_has_mode_600()
    {
        Assert.Equal(0, Run("keygen", "--out", _folder.FullName).ExitCode);

        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes do not exist on Windows.");
        }
        else
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PrivateKeyPath));
        }
    }

    [Fact]
    public void Keygen_creates_the_folder_and_refuses_to_overwrite_without_force()
    {
        var nested = Path.Combine(_folder.FullName, "a", "keys");
        Assert.Equal(0, Run("keygen", "--out", nested).ExitCode);
        var first = File.ReadAllText(Path.Combine(nested, "jwt_key.pub"));

        var again = Run("keygen", "--out", nested);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
        Assert.Equal(first, File.ReadAllText(Path.Combine(nested, "jwt_key.pub")));

        Assert.Equal(0, Run("keygen", "--out", nested, "--force").ExitCode);
        Assert.NotEqual(first, File.ReadAllText(Path.Combine(nested, "jwt_key.pub")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(nested, "jwt_key.pem")));
        }
    }

    [Fact]
    public void Read_only_namespace_token_is_ro_there_and_rejected_elsewhere()
    {
        Keygen();
        var token = Token("--read-only", "--namespace", "tenant1");

        Assert.Equal((0, "ro"), Verify(token, "--namespace", "tenant1"));
        var elsewhere = Run("verify", "--public-key", PublicKeyPath, token);
        Assert.Equal(1, elsewhere.ExitCode);
        Assert.Contains("grants nothing on namespace `default`", elsewhere.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Expires_in_sets_exp()
    {
        Keygen();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var token = Token("--expires-in", "90s");

        var exp = JsonDocument.Parse(TestTokens.Segment(token, 1)).RootElement.GetProperty("exp").GetInt64();
        Assert.InRange(exp, before + 90, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 90);
    }

    [Fact]
    public void Expired_token_is_rejected_beyond_the_leeway_only()
    {
        Keygen();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        Assert.Equal((0, "rw"), Verify(Token("--expires-at", (now - 30).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var expired = Token("--expires-at", (now - 120).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = Run("verify", "--public-key", PublicKeyPath, expired);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("rejected: Unauthorized: `The JWT has expired`", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(expired, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_of_another_key_is_rejected_with_exit_1()
    {
        Keygen();
        using var other = LibsqlSigningKey.Generate();

        var result = Run("verify", "--public-key", other.PublicKey.ToBase64Url(), Token());

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("rejected: Unauthorized: `The JWT is invalid`", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_takes_the_key_as_text_in_either_form()
    {
        Keygen();
        var token = Token();
        var key = LibsqlPublicKey.Parse(File.ReadAllText(PublicKeyPath));

        Assert.Equal((0, "rw"), Verify(token, "--public-key", key.ToBase64Url()));
        Assert.Equal((0, "rw"), Verify(token, "--public-key", key.ToPem()));
    }

    [Fact]
    public void Verify_reads_the_token_from_stdin_for_a_dash()
    {
        Keygen();

        var result = RunWithInput(Token() + "\n", "verify", "--public-key", PublicKeyPath, "-");

        Assert.Equal((0, "rw" + Environment.NewLine), (result.ExitCode, result.Output));
    }

    [Fact]
    public void Public_key_file_with_a_trailing_newline_is_bad_input_as_for_sqld()
    {
        Keygen();
        File.AppendAllText(PublicKeyPath, "\n");

        var result = Run("verify", "--public-key", PublicKeyPath, Token());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("trailing newline", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Private_key_given_to_verify_is_bad_input_and_not_echoed()
    {
        Keygen();

        var result = Run("verify", "--public-key", PrivateKeyPath, Token());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Received a private key, but a public key is expected", result.Error, StringComparison.Ordinal);
        AssertNoPrivateKey(result.Output + result.Error);
    }

    [Fact]
    public void Public_key_given_to_token_is_bad_input()
    {
        Keygen();
        File.WriteAllText(Path.Combine(_folder.FullName, "pub.pem"), LibsqlPublicKey.Parse(File.ReadAllText(PublicKeyPath)).ToPem());

        var result = Run("token", "--key", Path.Combine(_folder.FullName, "pub.pem"));

        Assert.Equal((2, ""), (result.ExitCode, result.Output));
        Assert.Contains("This is a public key", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("token", "--key", "missing.pem")]
    [InlineData("token", "--key", "{priv}", "--expires-in", "5x")]
    [InlineData("token", "--key", "{priv}", "--expires-in", "0s")]
    [InlineData("token", "--key", "{priv}", "--expires-in", "99999999999d")]
    [InlineData("token", "--key", "{priv}", "--expires-in", "3000000d")]
    [InlineData("token", "--key", "{priv}", "--expires-at", "99999999999999")]
    [InlineData("token", "--key", "{priv}", "--expires-in", "1h", "--expires-at", "2000000000")]
    [InlineData("token", "--key", "{priv}", "--expires-at", "soon")]
    [InlineData("token", "--key", "{priv}", "--namespace", "")]
    [InlineData("token")]
    [InlineData("verify", "x.y.z")]
    [InlineData("verify", "--public-key", "not a key", "x.y.z")]
    [InlineData("keygen", "--bogus")]
    [InlineData("frobnicate")]
    public void Bad_input_exits_2_with_a_message_on_stderr(params string[] args)
    {
        Keygen();

        var result = Run([.. args.Select(a => a.Replace("{priv}", PrivateKeyPath, StringComparison.Ordinal))]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.StartsWith("libsql-auth: ", result.Error, StringComparison.Ordinal);
        AssertNoPrivateKey(result.Error);
    }

    [Fact]
    public void No_command_is_bad_input()
    {
        Assert.Equal(2, Run().ExitCode);
    }

    [Fact]
    public void Help_lists_the_commands()
    {
        var result = Run("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("keygen", result.Output, StringComparison.Ordinal);
        Assert.Contains("token", result.Output, StringComparison.Ordinal);
        Assert.Contains("verify", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Real_executable_prints_the_key_line_and_uses_the_exit_codes()
    {
        var keygen = await RunExecutableAsync("keygen", "--out", _folder.FullName);
        Assert.Equal(0, keygen.ExitCode);
        Assert.Equal($"SQLD_AUTH_JWT_KEY={File.ReadAllText(PublicKeyPath)}\n", keygen.Output);

        var token = await RunExecutableAsync("token", "--key", PrivateKeyPath, "--read-only");
        var verify = await RunExecutableAsync("verify", "--public-key", PublicKeyPath, token.Output.Trim());
        Assert.Equal((0, "ro\n"), (verify.ExitCode, verify.Output));

        Assert.Equal(1, (await RunExecutableAsync("verify", "--public-key", PublicKeyPath, "a.b.c")).ExitCode);
        Assert.Equal(2, (await RunExecutableAsync("verify", "--public-key", PrivateKeyPath, "a.b.c")).ExitCode);
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args) => RunWithInput("", args);

    private static (int ExitCode, string Output, string Error) RunWithInput(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = LibsqlAuthCli.Run(args, new StringReader(input), output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunExecutableAsync(params string[] args)
    {
        var executable = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "libsql-auth.exe" : "libsql-auth");
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }

    private void Keygen()
    {
        var result = Run("keygen", "--out", _folder.FullName);
        Assert.True(result.ExitCode == 0, result.Error);
    }

    private string Token(params string[] args)
    {
        var result = Run(["token", "--key", PrivateKeyPath, .. args]);
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Output.Trim();
    }

    private (int ExitCode, string Output) Verify(string token, params string[] args)
    {
        string[] keyArgs = args.Contains("--public-key") ? [] : ["--public-key", PublicKeyPath];
        var result = Run(["verify", .. keyArgs, .. args, token]);
        return (result.ExitCode, result.Output.Trim());
    }

    private void AssertNoPrivateKey(string text)
    {
        foreach (var line in File.ReadAllLines(PrivateKeyPath).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(line, text, StringComparison.Ordinal);
        }
    }
}
