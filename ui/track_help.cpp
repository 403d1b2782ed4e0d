// SPDX-License-Identifier: GPL-3.0-or-later
#include "track_help.h"

#include <QCoreApplication>

#include "gpnmsa/score_distribution.h"  // calibrationStatement()

namespace gpnmsa::ui {

namespace {
QString tr(const char* text) { return QCoreApplication::translate("TrackHelp", text); }
}  // namespace

QString trackHelpTitle(TrackKind kind) {
  switch (kind) {
    case TrackKind::Ruler: return tr("What is the ruler?");
    case TrackKind::Genes: return tr("What is the gene track?");
    case TrackKind::Logo: return tr("What is the sequence logo?");
    case TrackKind::Mutagenesis: return tr("What is the mutagenesis map?");
    case TrackKind::Alignment: return tr("What are the alignment rows?");
    case TrackKind::Score: return tr("What does a score mean?");
  }
  return {};
}

QString trackHelp(TrackKind kind) {
  switch (kind) {
    case TrackKind::Ruler:
      return tr("<b>Ruler</b><p>Positions on the human reference genome (GRCh38/hg38), 1-based as in "
                "VCF files and genome browsers. Every track below uses the same axis: a base is at the "
                "same horizontal place in the genes, the logo, the map and the alignment.</p>"
                "<p>Zoom with the mouse wheel, + and −; move by dragging, with the scroll bar or the "
                "arrow keys.</p>");
    case TrackKind::Genes:
      return tr("<b>Genes</b><p>Genes and transcripts from the gene annotation chosen in Data Sources "
                "(GENCODE/Ensembl GFF3 or GTF). Thick boxes are coding sequence (CDS), thin boxes "
                "untranslated or non-coding exons, the line between them introns, with arrows for the "
                "strand.</p><p>A variant shown inside a gene <i>overlaps</i> it; that is not a "
                "prediction of its consequence (use VEP or SnpEff for that).</p>");
    case TrackKind::Logo:
      return tr("<b>Sequence logo of the model's predictions</b><p>At each position the model hides "
                "(masks) the human base and predicts it from the 128 bp around it and from the bases "
                "the other species have there. The four letters show its predicted probabilities "
                "p(A), p(C), p(G), p(T).</p><p>Each letter is p × (2 − H) bits tall, where H is the "
                "entropy of the prediction in bits. A tall single letter means the model is sure which "
                "base belongs there: the position looks conserved or constrained, and changing it is "
                "likely to matter. A low column of mixed letters means any base would do. The "
                "coloured bar under each column is the reference base.</p>"
                "<p>Fast mode masks several positions per forward pass (close to, but not the same "
                "as, exact); Exact masks one position per pass, as the variant scores do.</p>");
    case TrackKind::Mutagenesis:
      return tr("<b>In-silico mutagenesis map</b><p>Every possible single-base change of every "
                "position: each cell is log P(alt) − log P(ref) from the same predictions as the "
                "logo, which is the GPN-MSA score of that change.</p><p><span style='color:#b2182b'>"
                "Red</span>: the model finds the new base less likely than the reference (more "
                "likely to be deleterious). White: no difference (the reference base itself). "
                "<span style='color:#2166ac'>Blue</span>: the new base is more likely than the "
                "reference (often where the human reference carries a rare or derived base).</p>"
                "<p>Click a cell to add that change to the variant list as a <i>what-if</i> row, "
                "scored exactly.</p>");
    case TrackKind::Alignment:
      return tr("<b>Alignment rows</b><p>The human reference (top row) and the bases that 89 other "
                "vertebrates have at the same place, from the UCSC 100-way multiple alignment — what "
                "the model reads besides the human sequence. The 10 species closest to human "
                "(chimpanzee, bonobo, gorilla and other great apes and monkeys) are left out of the "
                "released alignment, so the model cannot simply copy a nearly identical "
                "genome.</p><p>Coloured letters are bases (A green, C blue, G orange, T red); "
                "lower-case human bases (lighter) are repeats; “-” is a gap (the species lacks this "
                "base); an empty cell means that species has no aligned sequence here.</p>");
    case TrackKind::Score:
      return tr("<b>What a score means</b><p>The score of a variant is log P(alt) − log P(ref): how "
                "much less likely the model finds the new base than the reference one, averaged over "
                "both DNA strands. Negative scores mean the change is unexpected given the sequence "
                "and its conservation across species; the more negative, the more likely it is "
                "deleterious. Scores near zero or positive look tolerated.</p>"
                "<p>There is no cut-off: the score ranks variants (how it was judged in the "
                "publication) rather than classifying them.</p><p>%1</p>")
          .arg(QString::fromUtf8(gpnmsa::calibrationStatement()).toHtmlEscaped());
  }
  return {};
}

}  // namespace gpnmsa::ui
