<?xml version="1.0" encoding="UTF-8"?>
<!--
  iommu-audit: a fleet summary (fleet format xml) as an HTML page (XSLT 1.0).
  xsltproc /usr/share/iommu-audit/fleet.xsl summary.xml > fleet.html
  Parameters: max-hosts (default 50): host names listed per finding;
  report-ext (default ".html"): each host links to its report with this
  extension instead of ".xml" (make them with report.xsl, next to the XML:
  for f in DIR/*.xml; do xsltproc report.xsl "$f" > "${f%.xml}.html"; done);
  report-base (default empty): put before each report's path, when the page is
  not opened from the directory fleet ran in.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:ia="urn:iommu-audit:report:1"
                exclude-result-prefixes="ia">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>
  <xsl:param name="max-hosts" select="50"/>
  <xsl:param name="report-ext" select="'.html'"/>
  <xsl:param name="report-base" select="''"/>

  <!-- The link to a host's report: its file, .xml replaced by report-ext. -->
  <xsl:template name="report-href">
    <xsl:param name="file" select="@file"/>
    <xsl:variable name="stem">
      <xsl:choose>
        <xsl:when test="substring($file, string-length($file) - 3) = '.xml'">
          <xsl:value-of select="substring($file, 1, string-length($file) - 4)"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="$file"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:value-of select="concat($report-base, $stem, $report-ext)"/>
  </xsl:template>

  <!-- A host by its label (hostname, and the file when the hostname repeats). -->
  <xsl:template name="host-label">
    <xsl:choose>
      <xsl:when test="@label"><xsl:value-of select="@label"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="/">
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <xsl:template match="/*[not(self::ia:fleet-summary)]">
    <html><body><p>Not an iommu-audit fleet summary (urn:iommu-audit:report:1).</p></body></html>
  </xsl:template>

  <xsl:template match="ia:fleet-summary">
    <xsl:variable name="total" select="@reports"/>
    <html lang="en">
      <head>
        <meta charset="UTF-8"/>
        <title>iommu-audit fleet summary</title>
        <style>
          body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; padding: 0 1em; }
          h1 { font-size: 1.5em; margin-bottom: 0.2em; }
          h2 { font-size: 1.15em; border-bottom: 1px solid #ccc; margin-top: 1.8em; }
          .meta { color: #666; }
          table { border-collapse: collapse; margin: 0.5em 0; }
          th, td { text-align: left; padding: 0.25em 0.7em; border-bottom: 1px solid #eee; vertical-align: top; }
          th { background: #f4f4f4; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
          code, .mono { font-family: ui-monospace, monospace; font-size: 0.92em; }
          td.id { white-space: nowrap; }
          .bar { display: flex; height: 1.6em; width: 100%; border-radius: 0.3em; overflow: hidden; margin: 0.6em 0; }
          .bar div { height: 100%; }
          .ready { background: #6cc07a; } .warn { background: #f0c420; } .unknown { background: #a57bc9; }
          .blocked { background: #e05252; } .none { background: #bbb; }
          .sw { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 0.2em; vertical-align: middle; margin-right: 0.4em; }
          .hosts { color: #555; font-size: 0.92em; }
          .badge { display: inline-block; padding: 0.05em 0.6em; border-radius: 0.8em; font-weight: 600; font-size: 0.9em; }
          @media print {
            body { margin: 0; max-width: none; font-size: 10pt; }
            * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            h2 { break-after: avoid; page-break-after: avoid; }
            tr { break-inside: avoid; page-break-inside: avoid; }
            a { color: inherit; text-decoration: none; }
          }
        </style>
      </head>
      <body>
        <h1>GPU passthrough across the fleet</h1>
        <p class="meta">
          <xsl:value-of select="@reports"/> reports read, <xsl:value-of select="@skipped"/> skipped;
          verdicts for <xsl:value-of select="@hypervisor"/>; made <xsl:value-of select="@generated"/>
          by <xsl:value-of select="@tool"/><xsl:text> </xsl:text><xsl:value-of select="@tool-version"/>
        </p>

        <h2>Hosts by verdict</h2>
        <div class="bar">
          <xsl:for-each select="ia:hosts-by-verdict/ia:count[@hosts > 0]">
            <div class="{@status}" style="width: {100 * @hosts div $total}%" title="{@status}: {@hosts}"/>
          </xsl:for-each>
        </div>
        <table>
          <tr><th>Verdict</th><th>Hosts</th><th>Share</th></tr>
          <xsl:for-each select="ia:hosts-by-verdict/ia:count">
            <tr>
              <td><span class="sw {@status}"/><xsl:value-of select="@status"/></td>
              <td class="n"><xsl:value-of select="@hosts"/></td>
              <td class="n"><xsl:if test="$total > 0"><xsl:value-of select="format-number(100 * @hosts div $total, '0.0')"/>%</xsl:if></td>
            </tr>
          </xsl:for-each>
        </table>

        <h2>GPUs by model</h2>
        <table>
          <tr><th>ID</th><th>Model</th><th>Total</th><th>ready</th><th>warn</th><th>unknown</th><th>blocked</th></tr>
          <xsl:for-each select="ia:gpu-models/ia:model">
            <tr>
              <td class="mono"><xsl:value-of select="@id"/></td>
              <td><xsl:value-of select="@name"/></td>
              <td class="n"><xsl:value-of select="@total"/></td>
              <xsl:for-each select="ia:count"><td class="n"><xsl:value-of select="@gpus"/></td></xsl:for-each>
            </tr>
          </xsl:for-each>
        </table>

        <h2>Most common blocking findings</h2>
        <xsl:if test="not(ia:blocking-findings/ia:finding)"><p>None.</p></xsl:if>
        <table>
          <xsl:for-each select="ia:blocking-findings/ia:finding">
            <tr>
              <td class="n"><xsl:value-of select="@hosts"/> host<xsl:if test="@hosts != 1">s</xsl:if></td>
              <td>
                <strong><xsl:value-of select="@title"/></strong><xsl:text> </xsl:text><code><xsl:value-of select="@id"/></code>
                <div class="hosts">
                  <xsl:for-each select="ia:host[position() &lt;= $max-hosts]">
                    <xsl:call-template name="host-label"/><xsl:if test="position() != last()">, </xsl:if>
                  </xsl:for-each>
                  <xsl:if test="count(ia:host) > $max-hosts"> and <xsl:value-of select="count(ia:host) - $max-hosts"/> more</xsl:if>
                </div>
              </td>
            </tr>
          </xsl:for-each>
        </table>

        <h2>Hosts whose firmware needs a change (<xsl:value-of select="ia:firmware-changes/@hosts"/>)</h2>
        <table>
          <xsl:for-each select="ia:firmware-changes/ia:host[position() &lt;= $max-hosts]">
            <tr><td><xsl:call-template name="host-label"/></td><td class="mono"><xsl:value-of select="@findings"/></td></tr>
          </xsl:for-each>
        </table>
        <xsl:if test="ia:firmware-changes/@hosts > $max-hosts">
          <p class="meta">and <xsl:value-of select="ia:firmware-changes/@hosts - $max-hosts"/> more</p>
        </xsl:if>

        <h2>Hosts (<xsl:value-of select="count(ia:hosts/ia:host)"/>)</h2>
        <table class="host-table">
          <tr><th>Host</th><th>Machine</th><th>ID</th><th>Verdict</th><th>GPUs</th><th>First blocking finding</th><th>Report</th></tr>
          <xsl:for-each select="ia:hosts/ia:host">
            <tr>
              <td><xsl:call-template name="host-label"/></td>
              <td><xsl:value-of select="@machine"/></td>
              <td class="mono id"><xsl:value-of select="@host-id"/></td>
              <td><span class="badge {@status}"><xsl:value-of select="@status"/></span></td>
              <td class="n"><xsl:choose><xsl:when test="@gpus"><xsl:value-of select="@gpus"/></xsl:when><xsl:otherwise><xsl:value-of select="count(ia:gpu)"/></xsl:otherwise></xsl:choose></td>
              <td>
                <xsl:variable name="id" select="@first-blocker"/>
                <xsl:if test="$id">
                  <xsl:value-of select="../../ia:blocking-findings/ia:finding[@id = $id]/@title"/><xsl:text> </xsl:text>
                  <code><xsl:value-of select="$id"/></code>
                </xsl:if>
              </td>
              <td class="mono"><a><xsl:attribute name="href"><xsl:call-template name="report-href"/></xsl:attribute><xsl:value-of select="@file"/></a></td>
            </tr>
          </xsl:for-each>
        </table>

        <xsl:if test="ia:skipped-files/ia:file">
          <h2>Skipped files</h2>
          <table>
            <xsl:for-each select="ia:skipped-files/ia:file">
              <tr><td class="mono"><xsl:value-of select="@path"/></td><td><xsl:value-of select="@kind"/></td><td><xsl:value-of select="@reason"/></td></tr>
            </xsl:for-each>
          </table>
        </xsl:if>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
