using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Libsql.Client;

/// <summary>
/// A command parameter. With a name (<c>:id</c>, <c>@id</c>, <c>$id</c>, or <c>id</c> whose prefix is taken from the
/// SQL) it binds a named parameter; without one it binds the next <c>?</c>. Values are sent in Microsoft.Data.Sqlite's
/// storage formats (see <see cref="LibsqlValue"/>).
/// </summary>
public sealed class LibsqlParameter : DbParameter
{
    private string _name = "";
    private string _sourceColumn = "";

    /// <summary>An unnamed parameter.</summary>
    public LibsqlParameter()
    {
    }

    /// <summary>A parameter with a name and value.</summary>
    /// <param name="parameterName">The name, with or without prefix; empty for positional.</param>
    /// <param name="value">The value.</param>
    public LibsqlParameter(string? parameterName, object? value)
    {
        ParameterName = parameterName;
        Value = value;
    }

    /// <inheritdoc/>
    public override DbType DbType { get; set; } = DbType.Object;

    /// <summary>Only <see cref="ParameterDirection.Input"/> is supported.</summary>
    public override ParameterDirection Direction
    {
        get => ParameterDirection.Input;
        set
        {
            if (value != ParameterDirection.Input)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "libSQL parameters are input only.");
            }
        }
    }

    /// <inheritdoc/>
    public override bool IsNullable { get; set; }

    /// <inheritdoc/>
    [AllowNull]
    public override string ParameterName
    {
        get => _name;
        set => _name = value ?? "";
    }

    /// <inheritdoc/>
    public override int Size { get; set; }

    /// <inheritdoc/>
    [AllowNull]
    public override string SourceColumn
    {
        get => _sourceColumn;
        set => _sourceColumn = value ?? "";
    }

    /// <inheritdoc/>
    public override bool SourceColumnNullMapping { get; set; }

    /// <inheritdoc/>
    public override object? Value { get; set; }

    /// <inheritdoc/>
    public override void ResetDbType() => DbType = DbType.Object;

    internal string BareName => _name.Length > 0 && _name[0] is ':' or '@' or '$' ? _name[1..] : _name;
}
