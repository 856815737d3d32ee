using Libsql.Client.Hrana;

namespace Libsql.TestServer.Sql;

/// <summary>A checked batch step: its classified single statement, arguments and condition.</summary>
internal sealed record BatchStepPlan(ClassifiedStatement Statement, HranaStatement Stmt, HranaBatchCondition? Condition);
