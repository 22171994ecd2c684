using AsnCat.Tool.Commands;

return CommandLine.Run(args, Console.Out, Console.Error);
