using Libsql.Auth.Cli;

return LibsqlAuthCli.Run(args, Console.In, Console.Out, Console.Error);
