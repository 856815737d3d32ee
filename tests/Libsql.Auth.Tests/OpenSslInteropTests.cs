using System.Diagnostics;
using LibsqlAspire.Testing;

namespace Libsql.Auth.Tests;

/// <summary>Keys made by OpenSSL, as sqld's guides make them (<c>openssl genpkey -algorithm ed25519</c>), and the reverse.</summary>
public sealed class OpenSslInteropTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("libsql-auth-openssl-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task We_read_an_openssl_key_pair()
    {
        await OpenSslAsync("genpkey", "-algorithm", "ed25519", "-out", "private.pem");
        await OpenSslAsync("pkey", "-in", "private.pem", "-pubout", "-out", "public.pem");

        using var key = LibsqlSigningKey.Import(ReadFile("private.pem"));
        var publicKey = LibsqlPublicKey.Parse(ReadFile("public.pem"));

        Assert.Equal(publicKey, key.PublicKey);
        Assert.Equal(ReadFile("public.pem"), key.PublicKey.ToPem());
    }

    [Fact]
    public async Task Openssl_reads_our_private_key_and_derives_our_public_pem()
    {
        using var key = LibsqlSigningKey.Generate();
        await File.WriteAllTextAsync(Path.Combine(_folder.FullName, "ours.pem"), key.ExportPem(), TestContext.Current.CancellationToken);

        await OpenSslAsync("pkey", "-in", "ours.pem", "-pubout", "-out", "derived.pem");

        Assert.Equal(key.PublicKey.ToPem(), ReadFile("derived.pem"));
    }

    private string ReadFile(string name) => File.ReadAllText(Path.Combine(_folder.FullName, name));

    private async Task OpenSslAsync(params string[] args)
    {
        var openssl = Requires.OpenSsl();
        var start = new ProcessStartInfo(openssl) { WorkingDirectory = _folder.FullName, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"openssl {string.Join(' ', args)} failed: {error}");
    }
}
