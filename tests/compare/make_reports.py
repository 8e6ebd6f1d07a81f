#!/usr/bin/env python3
# make_reports.py: writes the comparison fixtures from the numbers chosen
# in reports.tsv and agencies.tsv: one Markdown report per line of
# reports.tsv (reports/SLUG-YEAR.md, in the national format as agencies
# publish it, cf. tests/fixtures/md-report.md) and the registry
# agencies.csv (the agencies whose registry column is not "-").  The
# outputs are committed; run this again after changing the numbers.
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def table(name):
    with open(os.path.join(HERE, name), encoding='utf-8') as f:
        rows = [r for r in csv.reader(f, delimiter='\t') if r and not r[0].startswith('#')]
    return [dict(zip(rows[0], r)) for r in rows[1:]]


ROWS = [  # key, label cells as md-report.md writes them
    ('new', '一、本年新收政府信息公开申请数量 |  | '),
    ('carried_in', '二、上年结转政府信息公开申请数量 |  | '),
    ('granted', ' | （一）予以公开 | '),
    ('partial', ' | （二）部分公开（区分处理的，只计这一情形，不计其他情形） | '),
    ('d1', ' | （三）不予公开 | 1.属于国家秘密'),
    ('d2', ' |  | 2.其他法律行政法规禁止公开'),
    ('d3s', ' |  | 3.危及“三安全一稳定”'),
    ('d3', ' |  | 4.保护第三方合法权益'),
    ('d5', ' |  | 5.属于三类内部事务信息'),
    ('d6', ' |  | 6.属于四类过程性信息'),
    ('d7', ' |  | 7.属于行政执法案卷'),
    ('d8', ' |  | 8.属于行政查询事项'),
    ('u1', ' | （四）无法提供 | 1.本机关不掌握相关政府信息'),
    ('u2', ' |  | 2.没有现成信息需要另行制作'),
    ('u3', ' |  | 3.补正后申请内容仍不明确'),
    ('r1', ' | （五）不予处理 | 1.信访举报投诉类申请'),
    ('r2', ' |  | 2.重复申请'),
    ('r3', ' |  | 3.要求提供公开出版物'),
    ('r4', ' |  | 4.无正当理由大量反复申请'),
    ('r5', ' |  | 5.要求行政机关确认或重新出具已获取信息'),
    ('o1', ' | （六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'),
    ('o2', ' |  | 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'),
    ('o3', ' |  | 3.其他'),
    ('processed', ' | （七）总计 | '),
    ('carried_out', '四、结转下年度继续办理 |  | '),
]


def num(s):
    v = float(s)
    return str(int(v)) if v == int(v) else str(v)


def requests(d):
    """Table 三 as {row: [natural, business, research, nonprofit, legal, other, total]}."""
    n = {k: int(d[k]) for k in ('new_nat', 'new_bus', 'ci', 'g', 'part', 'd3', 'd6', 'u1', 'r2', 'o3')}
    natural = {'new': n['new_nat'], 'carried_in': n['ci'], 'granted': n['g'], 'partial': n['part'],
               'd3': n['d3'], 'd6': n['d6'], 'u1': n['u1'], 'r2': n['r2'], 'o3': n['o3']}
    natural['processed'] = sum(natural[k] for k in ('granted', 'partial', 'd3', 'd6', 'u1', 'r2', 'o3'))
    natural['carried_out'] = n['new_nat'] + n['ci'] - natural['processed']
    business = {'new': n['new_bus'], 'granted': n['new_bus'], 'processed': n['new_bus']}
    flags = d['flags'].split(',')
    table = {}
    for key, _ in ROWS:
        cols = [natural.get(key, 0), business.get(key, 0), 0, 0, 0, 0]
        total = sum(cols)
        if 'balance' in flags and key == 'carried_out':
            cols[0] += 1
            total += 1
        if 'row_total' in flags:
            total += 1
        table[key] = [str(c) for c in cols] + [str(total)]
        if 'blank_new' in flags and key in ('new', 'carried_in'):
            table[key] = [''] * 7
    return table


def report(a, d):
    year, name, flags = d['year'], a['name'], d['flags'].split(',')
    zero = 'zero' in flags
    z = (lambda s: '0') if zero else num
    lic = '' if 'blank_lic' in flags else z(d['lic'])
    out = ['# %s%s年政府信息公开工作年度报告' % (name, year), '',
           '根据《中华人民共和国政府信息公开条例》要求，现发布本报告。本报告统计数据从%s年1月1日' % year,
           '至%s年12月31日。' % year]
    if a['prose'] != '-':
        out.append(a['prose'])
    out += ['', '## 一、总体情况', '']
    if d['pub'] != '-':
        out.append('**（一）主动公开。**%s年，全年主动公开政府信息%s条。' % (year, d['pub']))
    out += ['', '**（二）依申请公开。**依法办理政府信息公开申请。', '',
            '## 二、主动公开政府信息情况', '', '**第二十条第（一）项**', '',
            '| **信息内容** | **本年制发件数** | **本年废止件数** | **现行有效件数** |',
            '| :---: | :---: | :---: | :---: |',
            '| 规章 | 0 | 0 | 0 |',
            '| 行政规范性文件 | %s | 0 | %s |' % (z(d['ndi']), z(d['ndf'])), '',
            '**第二十条第（五）项**', '', '| **信息内容** | **本年处理决定数量** |', '| --- | --- |',
            '| 行政许可 | %s |' % lic, '', '**第二十条第（六）项**', '',
            '| **信息内容** | **本年处理决定数量** |', '| --- | --- |',
            '| 行政处罚 | %s |' % z(d['pen']), '| 行政强制 | %s |' % z(d['coe']), '',
            '**第二十条第（八）项**', '', '| **信息内容** | **本年收费金额（单位：万元）** |', '| --- | --- |',
            '| 行政事业性收费 | %s |' % z(d['fees']), '',
            '## 三、收到和处理政府信息公开申请情况', '',
            '| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |  |  | **申请人情况** |  |  |  |  |  |  |',
            '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
            '|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |',
            '|  |  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |  |']
    t = requests(d)
    for key, label in ROWS:
        out.append('| %s | %s |' % (label, ' | '.join(t[key])))
    review = [z(d[k]) for k in ('up', 'cor', 'oth', 'pend')]
    review.append(str(sum(int(x) for x in review)))
    out += ['', '## 四、政府信息公开行政复议、行政诉讼情况', '',
            '| 行政复议 |  |  |  |  | 行政诉讼 |  |  |  |  |  |  |  |  |  |',
            '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
            '| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 |  |  |  |  | 复议后起诉 |  |  |  |  |',
            '|  |  |  |  |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |',
            '| %s | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |' % ' | '.join(review), '',
            '## 五、存在的主要问题及改进情况', '', '一是部分栏目更新不及时；二是政策解读形式单一。', '',
            '## 六、其他需要报告的事项', '', '本年度未收取信息处理费。', '']
    return '\n'.join(out)


def main():
    agencies = {a['slug']: a for a in table('agencies.tsv')}
    os.makedirs(os.path.join(HERE, 'reports'), exist_ok=True)
    for d in table('reports.tsv'):
        path = os.path.join(HERE, 'reports', '%s-%s.md' % (d['slug'], d['year']))
        with open(path, 'w', encoding='utf-8') as f:
            f.write(report(agencies[d['slug']], d))
    with open(os.path.join(HERE, 'agencies.csv'), 'w', encoding='utf-8') as f:
        f.write('name,slug,province,city,county\n')
        for a in agencies.values():
            if a['registry'] == '-':
                continue
            parts = (a['registry'].split('/') + ['', '', ''])[:3] if a['registry'] != 'reg' else ['', '', '']
            f.write(','.join([a['name'], a['slug']] + parts) + '\n')


main()
