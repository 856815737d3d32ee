using Libsql.TestServer.Container;
using Libsql.TestServer.Hosting;

namespace Libsql.TestServer.Tests;

/// <summary>Temporary data folders and the container entrypoint's ownership hand-over keep to their own files.</summary>
public sealed class FileSystemHygieneTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public async Task A_server_without_a_data_folder_uses_an_owner_only_folder_under_a_per_user_folder()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes only.");
            return;
        }

        await using var server = await LibsqlTestServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var parent = Path.GetDirectoryName(server.DatabasePath)!;
        Assert.Equal("libsql-testserver-" + Environment.UserName, Path.GetFileName(parent));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(parent));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(server.DatabasePath));
    }

    [Fact]
    public void The_per_user_folder_is_made_owner_only_and_refused_when_it_is_a_link()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes only.");
            return;
        }

        var temp = Directory.CreateTempSubdirectory("libsql-hygiene-").FullName;
        try
        {
            var open = Directory.CreateDirectory(Path.Combine(temp, "libsql-testserver-open")).FullName;
            File.SetUnixFileMode(open, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var made = TemporaryDataFolder.Create(temp, "open");
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(open));
            Assert.Equal(open, Path.GetDirectoryName(made));

            var elsewhere = Directory.CreateDirectory(Path.Combine(temp, "elsewhere")).FullName;
            Directory.CreateSymbolicLink(Path.Combine(temp, "libsql-testserver-planted"), elsewhere);
            var error = Assert.Throws<IOException>(() => TemporaryDataFolder.Create(temp, "planted"));
            Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public void Container_entrypoint_hands_over_links_never_their_targets()
    {
        var temp = Directory.CreateTempSubdirectory("libsql-chown-").FullName;
        try
        {
            var elsewhere = Directory.CreateDirectory(Path.Combine(temp, "elsewhere")).FullName;
            File.WriteAllText(Path.Combine(elsewhere, "secret"), "x");

            // The whole data folder planted as a link: only the link itself.
            var planted = Path.Combine(temp, "iku.db");
            Directory.CreateSymbolicLink(planted, elsewhere);
            using var log = new StringWriter();
            Assert.Equal([planted], ContainerEntrypoint.OwnershipTargets(planted, log).ToList());
            Assert.Contains("symbolic link", log.ToString(), StringComparison.Ordinal);

            // Links inside a real data folder: the links, not what they point at.
            var data = Directory.CreateDirectory(Path.Combine(temp, "data")).FullName;
            var dbs = Directory.CreateDirectory(Path.Combine(data, "dbs", "default")).FullName;
            File.WriteAllText(Path.Combine(dbs, "data"), "");
            Directory.CreateSymbolicLink(Path.Combine(data, "dbs", "linked"), elsewhere);
            File.CreateSymbolicLink(Path.Combine(dbs, "data-wal"), Path.Combine(elsewhere, "secret"));
            var targets = ContainerEntrypoint.OwnershipTargets(data, TextWriter.Null).ToList();
            Assert.Equal(
                new[] { data, Path.Combine(data, "dbs"), dbs, Path.Combine(data, "dbs", "linked"), Path.Combine(dbs, "data"), Path.Combine(dbs, "data-wal") }.Order(),
                targets.Order());
            Assert.DoesNotContain(targets, t => t.StartsWith(elsewhere, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
