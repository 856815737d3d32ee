using Libsql.Client.Hrana;

namespace Libsql.Client.Tests;

public sealed class ArgumentTests
{
    [Fact]
    public void Positional_arrays_and_sequences_bind_in_order()
    {
        var fromArray = LibsqlArguments.ToStatement("SELECT ?, ?", new object?[] { 1, null });
        var fromList = LibsqlArguments.ToStatement("SELECT ?, ?", new List<long> { 5, 6 });
        var fromValues = LibsqlArguments.ToStatement("SELECT ?", new[] { LibsqlValue.FromText("x") });

        Assert.Equal([HranaValue.FromInteger(1), HranaValue.Null], fromArray.Args);
        Assert.Equal([HranaValue.FromInteger(5), HranaValue.FromInteger(6)], fromList.Args);
        Assert.Equal([HranaValue.FromText("x")], fromValues.Args);
        Assert.Empty(fromArray.NamedArgs);
    }

    [Fact]
    public void Named_arguments_take_the_prefix_the_sql_uses()
    {
        var statement = LibsqlArguments.ToStatement(
            "SELECT @a, $b, :c, :d_long, :d",
            new { a = 1, b = "two", c = LibsqlValue.FromReal(3), d = true });

        Assert.Equal(["@a", "$b", ":c", ":d"], statement.NamedArgs.Select(a => a.Name));
        Assert.Equal(HranaValue.FromInteger(1), statement.NamedArgs[3].Value);
    }

    [Fact]
    public void Dictionaries_bind_by_name_and_keep_explicit_prefixes()
    {
        var statement = LibsqlArguments.ToStatement("SELECT @x, :y", new Dictionary<string, object?> { ["x"] = 1, [":y"] = null });
        var values = LibsqlArguments.ToStatement("SELECT :z", new Dictionary<string, LibsqlValue> { ["z"] = 9 });

        Assert.Equal(["@x", ":y"], statement.NamedArgs.Select(a => a.Name));
        Assert.Equal(":z", Assert.Single(values.NamedArgs).Name);
    }

    [Fact]
    public void A_single_scalar_is_refused_with_a_hint()
    {
        Assert.Contains("array", Assert.Throws<ArgumentException>(() => LibsqlArguments.ToStatement("SELECT ?", "x")).Message, StringComparison.Ordinal);
        Assert.Contains("array", Assert.Throws<ArgumentException>(() => LibsqlArguments.ToStatement("SELECT ?", 5)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT 1", true)]
    [InlineData("  -- comment\n select * from t", true)]
    [InlineData("/* x */ (SELECT 1)", true)]
    [InlineData("VALUES (1)", true)]
    [InlineData("EXPLAIN QUERY PLAN SELECT 1", true)]
    [InlineData("INSERT INTO t VALUES (1)", false)]
    [InlineData("WITH x AS (SELECT 1) DELETE FROM t", false)]
    [InlineData("PRAGMA user_version = 3", false)]
    [InlineData("SELECTED", false)]
    public void Only_plain_reads_count_as_read_only(string sql, bool readOnly) => Assert.Equal(readOnly, LibsqlSql.IsReadOnly(sql));
}
