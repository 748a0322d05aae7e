using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ProxyProtocol.Generators.Fixes;

/// <summary>PPTLV105: adds <c>partial</c> to a [ProxyTlv] type, just before its <c>class</c>, <c>struct</c> or <c>record</c>
/// keyword (where C# requires it). Lives in the generator's assembly, which the compiler loads for the generator only.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFix))]
[Shared]
public sealed class AddPartialCodeFix : CodeFixProvider
{
    /// <summary>The action's title (also its equivalence key, so Fix All applies it everywhere).</summary>
    public const string Title = "Add 'partial'";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.NotPartial.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (declaration is null || declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root!.ReplaceNode(declaration, AddPartial(declaration)))), Title),
                diagnostic);
        }
    }

    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax declaration)
    {
        // 'partial' goes last among the modifiers; it takes over the keyword's leading trivia when there are none.
        if (declaration.Modifiers.Count == 0)
        {
            var keyword = declaration.Keyword;
            var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return declaration.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
        }

        var modifiers = declaration.Modifiers;
        var last = modifiers.Last();
        return declaration.WithModifiers(modifiers.Replace(last, last.WithTrailingTrivia(SyntaxFactory.Space))
            .Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(last.TrailingTrivia)));
    }
}
