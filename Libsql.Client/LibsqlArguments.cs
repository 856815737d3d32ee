using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Libsql.Client.Hrana;

namespace Libsql.Client;

/// <summary>Turns the caller's argument object into Hrana positional or named arguments.</summary>
internal static class LibsqlArguments
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_properties = new();

    public static HranaStatement ToStatement(string sql, object? args, bool wantRows = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(sql);
        if (args is null)
        {
            return new HranaStatement { Sql = sql, WantRows = wantRows ? null : false };
        }

        return TryNamed(sql, args) is { } named
            ? new HranaStatement { Sql = sql, NamedArgs = named, WantRows = wantRows ? null : false }
            : new HranaStatement { Sql = sql, Args = Positional(args), WantRows = wantRows ? null : false };
    }

    public static HranaStatement ToStatement(LibsqlStatement statement, bool wantRows = true)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return ToStatement(statement.Sql, statement.Args, wantRows);
    }

    /// <summary>The prefix SQLite will see for a name given without one: the one the SQL uses, else ':'.</summary>
    public static string WithPrefix(string sql, string name)
    {
        if (name.Length > 0 && name[0] is ':' or '@' or '$' or '?')
        {
            return name;
        }

        foreach (var prefix in (ReadOnlySpan<char>)[':', '@', '$'])
        {
            if (SqlUses(sql, prefix, name))
            {
                return prefix + name;
            }
        }

        return ":" + name;
    }

    /// <summary>Whether the SQL mentions a parameter given with its prefix (e.g. <c>@name</c>).</summary>
    public static bool Uses(string sql, string prefixedName) =>
        prefixedName.Length > 1 && SqlUses(sql, prefixedName[0], prefixedName[1..]);

    private static bool SqlUses(string sql, char prefix, string name)
    {
        var start = 0;
        while ((start = sql.IndexOf(name, start, StringComparison.Ordinal)) >= 0)
        {
            var end = start + name.Length;
            if (start > 0 && sql[start - 1] == prefix && (end == sql.Length || !IsIdentifierChar(sql[end])))
            {
                return true;
            }

            start = end;
        }

        return false;
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    private static HranaNamedArgument[]? TryNamed(string sql, object args)
    {
        switch (args)
        {
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                return [.. pairs.Select(p => Named(sql, p.Key, p.Value))];
            case IEnumerable<KeyValuePair<string, LibsqlValue>> values:
                return [.. values.Select(p => Named(sql, p.Key, p.Value))];
            case IDictionary dictionary:
                var list = new List<HranaNamedArgument>(dictionary.Count);
                foreach (DictionaryEntry entry in dictionary)
                {
                    list.Add(Named(sql, entry.Key as string ?? throw new ArgumentException("Named arguments need string keys.", nameof(args)), entry.Value));
                }

                return [.. list];
            case string or byte[] or LibsqlValue:
                throw new ArgumentException(
                    $"A single {args.GetType().Name} is not an argument list: pass positional values as an array (new object[] {{ value }}) or named values as an object or dictionary.",
                    nameof(args));
            case IEnumerable:
                return null;
        }

        var type = args.GetType();
        if (type.IsPrimitive || type.IsEnum || args is decimal or Guid or DateTime or DateTimeOffset)
        {
            throw new ArgumentException(
                $"A single {type.Name} is not an argument list: pass positional values as an array (new object[] {{ value }}) or named values as an object or dictionary.",
                nameof(args));
        }

        var properties = s_properties.GetOrAdd(type, static t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .ToArray());
        var named = new HranaNamedArgument[properties.Length];
        for (var i = 0; i < properties.Length; i++)
        {
            named[i] = Named(sql, properties[i].Name, properties[i].GetValue(args));
        }

        return named;
    }

    private static HranaNamedArgument Named(string sql, string name, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new HranaNamedArgument { Name = WithPrefix(sql, name), Value = LibsqlTypeMapper.ToHrana(value) };
    }

    private static HranaValue[] Positional(object args)
    {
        if (args is object?[] array)
        {
            var values = new HranaValue[array.Length];
            for (var i = 0; i < array.Length; i++)
            {
                values[i] = LibsqlTypeMapper.ToHrana(array[i]);
            }

            return values;
        }

        if (args is LibsqlValue[] libsqlValues)
        {
            return Array.ConvertAll(libsqlValues, v => v.Hrana);
        }

        var list = new List<HranaValue>();
        foreach (var item in (IEnumerable)args)
        {
            list.Add(LibsqlTypeMapper.ToHrana(item));
        }

        return [.. list];
    }
}
