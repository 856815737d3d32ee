namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="HranaDescribeStreamRequest"/>.</summary>
internal sealed class HranaDescribeStreamResponse : HranaStreamResponse
{
    /// <summary>The description.</summary>
    public required HranaDescribeResult Result { get; init; }
}
