<?xml version="1.0" encoding="UTF-8"?>
<!--
  iommu-audit: a fleet summary (fleet format xml) as an HTML page (XSLT 1.0).
  xsltproc /usr/share/iommu-audit/fleet.xsl summary.xml > fleet.html
  Parameter max-hosts (default 50): host names listed per finding.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:ia="urn:iommu-audit:report:1"
                exclude-result-prefixes="ia">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>
  <xsl:param name="max-hosts" select="50"/>

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
          .bar { display: flex; height: 1.6em; width: 100%; border-radius: 0.3em; overflow: hidden; margin: 0.6em 0; }
          .bar div { height: 100%; }
          .ready { background: #6cc07a; } .warn { background: #f0c420; } .unknown { background: #a57bc9; }
          .blocked { background: #e05252; } .none { background: #bbb; }
          .sw { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 0.2em; vertical-align: middle; margin-right: 0.4em; }
          .hosts { color: #555; font-size: 0.92em; }
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
                    <xsl:value-of select="@name"/><xsl:if test="position() != last()">, </xsl:if>
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
            <tr><td><xsl:value-of select="@name"/></td><td class="mono"><xsl:value-of select="@findings"/></td></tr>
          </xsl:for-each>
        </table>
        <xsl:if test="ia:firmware-changes/@hosts > $max-hosts">
          <p class="meta">and <xsl:value-of select="ia:firmware-changes/@hosts - $max-hosts"/> more</p>
        </xsl:if>

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
