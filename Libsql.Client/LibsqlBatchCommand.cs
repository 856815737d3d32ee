using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Libsql.Client;

/// <summary>One command of a <see cref="LibsqlBatch"/>: SQL (one or more statements) and its parameters.</summary>
public sealed class LibsqlBatchCommand : DbBatchCommand
{
    private string _commandText = "";
    private int _recordsAffected = -1;

    /// <summary>An empty batch command.</summary>
    public LibsqlBatchCommand()
    {
    }

    /// <summary>A batch command with SQL.</summary>
    /// <param name="commandText">The SQL.</param>
    public LibsqlBatchCommand(string commandText) => CommandText = commandText;

    /// <inheritdoc/>
    [AllowNull]
    public override string CommandText
    {
        get => _commandText;
        set => _commandText = value ?? "";
    }

    /// <summary>Only <see cref="CommandType.Text"/> is supported.</summary>
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "libSQL supports CommandType.Text only.");
            }
        }
    }

    /// <summary>Rows changed by this command's INSERT, UPDATE and DELETE statements once the batch ran (-1 for queries only).</summary>
    public override int RecordsAffected => _recordsAffected;

    /// <summary>The parameters.</summary>
    public new LibsqlParameterCollection Parameters { get; } = new();

    /// <inheritdoc/>
    public override bool CanCreateParameter => true;

    /// <inheritdoc/>
    protected override DbParameterCollection DbParameterCollection => Parameters;

    /// <inheritdoc/>
    public override DbParameter CreateParameter() => new LibsqlParameter();

    internal void ResetRecordsAffected() => _recordsAffected = -1;

    internal void AddRecordsAffected(int count) => _recordsAffected = _recordsAffected < 0 ? count : _recordsAffected + count;
}
