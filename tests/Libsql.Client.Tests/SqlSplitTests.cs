namespace Libsql.Client.Tests;

public sealed class SqlSplitTests
{
    [Fact]
    public void Semicolons_inside_literals_identifiers_and_comments_do_not_split()
    {
        var statements = LibsqlSql.Split("SELECT 'a;b', \"c;d\", [e;f], `g;h` -- x;y\n; /* ; */ SELECT 'it''s;' ;;  -- trailing ;\n");

        Assert.Equal(["SELECT 'a;b', \"c;d\", [e;f], `g;h` -- x;y", "/* ; */ SELECT 'it''s;'"], statements.Select(s => s.Sql));
    }

    [Fact]
    public void Trigger_bodies_end_at_END_not_at_an_inner_CASE_END()
    {
        var statements = LibsqlSql.Split(
            "CREATE TEMP TRIGGER t AFTER INSERT ON x BEGIN SELECT CASE WHEN 1 THEN 2 END; DELETE FROM y; END; SELECT 1");

        Assert.Equal(2, statements.Count);
        Assert.EndsWith("DELETE FROM y; END", statements[0].Sql, StringComparison.Ordinal);
        Assert.Equal("SELECT 1", statements[1].Sql);
    }

    [Fact]
    public void Anonymous_and_numbered_parameters_are_counted_per_statement()
    {
        var statements = LibsqlSql.Split("INSERT INTO t VALUES (?, ?, '?'); SELECT ?1, :end, @x");

        Assert.Equal(2, statements[0].AnonymousParameters);
        Assert.False(statements[0].HasNumberedParameters);
        Assert.Equal(0, statements[1].AnonymousParameters);
        Assert.True(statements[1].HasNumberedParameters);
    }

    [Fact]
    public void A_script_splits_at_semicolons_outside_literals_identifiers_comments_and_trigger_bodies()
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

        var statements = LibsqlSql.SplitScript(Sql);

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
        Assert.Empty(LibsqlSql.SplitScript("-- nothing\n/* here */ ;\n"));
    }

    [Theory]
    [InlineData("INSERT INTO t VALUES ('open;", "string literal")]
    [InlineData("SELECT \"open", "quoted identifier")]
    [InlineData("SELECT [open", "quoted identifier")]
    [InlineData("SELECT 1 /* open", "comment")]
    public void An_unclosed_literal_or_comment_fails_a_script_but_runs_to_the_end_of_a_command(string sql, string what)
    {
        var ex = Assert.Throws<FormatException>(() => LibsqlSql.SplitScript(sql));
        Assert.Contains(what, ex.Message, StringComparison.Ordinal);

        // A command's text goes to the server as it is, which reports the error in its own words.
        Assert.Equal(sql, Assert.Single(LibsqlSql.Split(sql)).Sql);
    }
}
