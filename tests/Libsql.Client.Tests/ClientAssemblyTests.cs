using System.Reflection;
using Libsql.Client.Hrana;
using Wire = Libsql.Client.Hrana.Protobuf;

namespace Libsql.Client.Tests;

public sealed class ClientAssemblyTests
{
    // What a client sends (a server decodes) and what a server sends (a client decodes).
    private static readonly Type[] s_requestMessages =
        [typeof(Wire.PipelineReqBody), typeof(Wire.CursorReqBody), typeof(Wire.StreamRequest), typeof(Wire.Stmt), typeof(Wire.NamedArg), typeof(Wire.Batch), typeof(Wire.BatchStep), typeof(Wire.BatchCond)];

    private static readonly Type[] s_responseMessages =
        [typeof(Wire.PipelineRespBody), typeof(Wire.CursorRespBody), typeof(Wire.CursorEntry), typeof(Wire.StreamResult), typeof(Wire.StreamResponse), typeof(Wire.StmtResult), typeof(Wire.BatchResult), typeof(Wire.DescribeResult), typeof(Wire.Error), typeof(Wire.Col), typeof(Wire.Row)];

    private static readonly Type[] s_requestBodies = [typeof(HranaPipelineRequest), typeof(HranaCursorRequest)];

    private static readonly Type[] s_responseBodies = [typeof(HranaPipelineResponse), typeof(HranaCursorResponse), typeof(HranaCursorEntry), typeof(HranaError)];

    private static readonly List<MethodInfo> s_methods = [.. typeof(LibsqlClient).Assembly.GetTypes()
        .Where(type => type.Namespace != typeof(Wire.Stmt).Namespace)
        .SelectMany(type => type.GetMethods(BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance))];

    [Fact]
    public void The_client_package_holds_only_the_client_side_of_the_Protobuf_encoding()
    {
        // Decoding a request or encoding a response is the server's half (Libsql.TestServer's HranaServerProtobuf).
        var serverSide = s_methods
            .Where(m => m.GetParameters().Any(p => s_requestMessages.Contains(p.ParameterType)) || s_responseMessages.Contains(m.ReturnType))
            .Select(m => $"{m.DeclaringType}.{m.Name}");
        Assert.Empty(serverSide);

        // The client's half is there: requests are encoded and responses decoded.
        Assert.Contains(s_methods, m => s_requestMessages.Contains(m.ReturnType));
        Assert.Contains(s_methods, m => m.GetParameters().Any(p => s_responseMessages.Contains(p.ParameterType)));
    }

    [Fact]
    public void The_client_package_holds_only_the_client_side_of_the_JSON_encoding()
    {
        // Bytes to a request body, or a response body to bytes, is the server's half (Libsql.TestServer's HranaServerJson).
        var serverSide = s_methods
            .Where(m => (s_requestBodies.Contains(m.ReturnType) && m.GetParameters().Any(p => p.ParameterType == typeof(ReadOnlySpan<byte>)))
                || (m.ReturnType == typeof(byte[]) && m.GetParameters().Any(p => s_responseBodies.Contains(p.ParameterType))))
            .Select(m => $"{m.DeclaringType}.{m.Name}");
        Assert.Empty(serverSide);

        Assert.Contains(s_methods, m => m.ReturnType == typeof(byte[]) && m.GetParameters().Any(p => s_requestBodies.Contains(p.ParameterType)));
        Assert.Contains(s_methods, m => s_responseBodies.Contains(m.ReturnType) && m.GetParameters().Any(p => p.ParameterType == typeof(ReadOnlySpan<byte>)));
    }
}
