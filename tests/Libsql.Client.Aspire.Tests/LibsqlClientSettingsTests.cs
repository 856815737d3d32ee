namespace Libsql.Client.Aspire.Tests;

public sealed class LibsqlClientSettingsTests
{
    private const string Token = "eyJhbGciOiJFZERTQSJ9.eyJhIjoicncifQ.c2lnbmF0dXJl";

    [Fact]
    public void ToString_masks_the_token_and_names_the_switches()
    {
        var settings = new LibsqlClientSettings
        {
            ConnectionString = "Endpoint=http://h:1;AuthToken=" + Token,
            DisableTracing = true,
        };

        var text = settings.ToString();

        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.Contains("***", text, StringComparison.Ordinal);
        Assert.Contains("DisableTracing=True", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unparsable_connection_string_prints_as_invalid_without_its_text()
    {
        var settings = new LibsqlClientSettings { ConnectionString = "Endpoint=ftp://h;AuthToken=" + Token };

        var text = settings.ToString();

        Assert.Contains("(invalid)", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
    }
}
