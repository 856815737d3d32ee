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
}
