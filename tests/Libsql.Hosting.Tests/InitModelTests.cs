using static Libsql.Hosting.Tests.HostingTestHelpers;

namespace Libsql.Hosting.Tests;

public sealed class InitModelTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("libsql-init-model-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void The_script_splits_at_semicolons_outside_literals_identifiers_comments_and_trigger_bodies()
    {
        const string Sql = """
            -- a leading comment; with a semicolon
            CREATE TABLE "odd;name" ([semi;colon] TEXT, `back;tick` TEXT);
            INSERT INTO "odd;name" VALUES ('it''s; fine', 'x') /* block; comment */;
            CREATE TEMP TRIGGER t AFTER INSERT ON "odd;name" BEGIN
              INSERT INTO log VALUES ('a;b');
              DELETE FROM log WHERE 0;
            END;
            ;;
            SELECT 1 -- no semicolon at the end
            """;

        var statements = LibsqlSqlScript.Split(Sql);

        Assert.Equal(4, statements.Count);
        Assert.EndsWith("CREATE TABLE \"odd;name\" ([semi;colon] TEXT, `back;tick` TEXT)", statements[0], StringComparison.Ordinal);
        Assert.StartsWith("-- a leading comment", statements[0], StringComparison.Ordinal);
        Assert.Equal("INSERT INTO \"odd;name\" VALUES ('it''s; fine', 'x') /* block; comment */", statements[1]);
        Assert.StartsWith("CREATE TEMP TRIGGER t", statements[2], StringComparison.Ordinal);
        Assert.EndsWith("END", statements[2], StringComparison.Ordinal);
        Assert.Contains("DELETE FROM log WHERE 0;", statements[2], StringComparison.Ordinal);
        Assert.Equal("SELECT 1 -- no semicolon at the end", statements[3]);
    }

    [Fact]
    public void A_script_of_comments_only_has_no_statements()
    {
        Assert.Empty(LibsqlSqlScript.Split("-- nothing\n/* here */ ;\n"));
    }

    [Theory]
    [InlineData("INSERT INTO t VALUES ('open;", "string literal")]
    [InlineData("SELECT \"open", "quoted identifier")]
    [InlineData("SELECT 1 /* open", "comment")]
    public void An_unclosed_literal_or_comment_is_a_format_error(string sql, string what)
    {
        var ex = Assert.Throws<FormatException>(() => LibsqlSqlScript.Split(sql));
        Assert.Contains(what, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithInitFiles_takes_a_file_or_a_folder_and_makes_initialization_part_of_health()
    {
        var file = Path.Combine(_directory.FullName, "seed.sql");
        File.WriteAllText(file, "CREATE TABLE t (x);");
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db").WithInitFiles(file).WithInitFiles(_directory.FullName);

        Assert.Equal([file, _directory.FullName], ((ILibsqlServerResource)db.Resource).State.InitSources);
        Assert.Contains(db.Resource.Annotations.OfType<HealthCheckAnnotation>(), a => a.Key == "db_init_check");
    }

    [Fact]
    public void WithInitFiles_refuses_a_missing_path_a_non_sql_file_and_an_empty_folder()
    {
        var text = Path.Combine(_directory.FullName, "notes.txt");
        File.WriteAllText(text, "x");
        using var builder = RunModeBuilder();
        var db = builder.AddLibsqlExecutable("db", new LibsqlLocalProcess("sqld"));

        var missing = Assert.Throws<ArgumentException>(() => db.WithInitFiles(Path.Combine(_directory.FullName, "nope.sql")));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        var notSql = Assert.Throws<ArgumentException>(() => db.WithInitFiles(text));
        Assert.Contains("must end in .sql", notSql.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<ArgumentException>(() => db.WithInitFiles(_directory.FullName));
        Assert.Contains("holds no .sql files", empty.Message, StringComparison.Ordinal);
        Assert.Empty(((ILibsqlServerResource)db.Resource).State.InitSources);
    }

    [Fact]
    public void WithCreationScript_keeps_the_statements_for_the_namespace()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");
        db.AddDatabase("reports", "reports-ns").WithCreationScript("CREATE TABLE r (x); INSERT INTO r VALUES (1);");

        Assert.Equal(["CREATE TABLE r (x)", "INSERT INTO r VALUES (1)"], ((ILibsqlServerResource)db.Resource).State.CreationScripts["reports-ns"]);
    }

    [Fact]
    public void WithCreationScript_refuses_empty_comment_only_unsplittable_and_second_scripts()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");
        var reports = db.AddDatabase("reports");
        var again = db.AddDatabase("reports-again", "reports");

        Assert.ThrowsAny<ArgumentException>(() => reports.WithCreationScript(" "));
        var comments = Assert.Throws<ArgumentException>(() => reports.WithCreationScript("-- todo"));
        Assert.Contains("at least one SQL statement", comments.Message, StringComparison.Ordinal);
        var open = Assert.Throws<ArgumentException>(() => reports.WithCreationScript("INSERT INTO r VALUES ('x);"));
        Assert.Contains("string literal", open.Message, StringComparison.Ordinal);

        reports.WithCreationScript("CREATE TABLE r (x);");
        var second = Assert.Throws<ArgumentException>(() => again.WithCreationScript("CREATE TABLE s (x);"));
        Assert.Contains("already has a creation script", second.Message, StringComparison.Ordinal);
    }
}
